import { randomUUID } from "node:crypto";
import { db } from "../../lib/db";

// Shared by the analytics integration files: table resets, campaign seeding, and an independent recount of
// every rollup straight from the recipient and message rows (in TypeScript, not the triggers' SQL).

export async function resetAnalyticsTables() {
  await db.$executeRawUnsafe(
    `TRUNCATE "Campaign", "CampaignRecipient", "CampaignAudienceSource", "CampaignRejectedRow", "CampaignWorker",
      "SendBudget", "Contact", "Conversation", "Message", "WebhookEvent", "AnalyticsReply",
      "AnalyticsCampaignCounter", "AnalyticsCampaignBreakdown", "AnalyticsMinute" CASCADE`,
  );
}

export async function createCampaign(
  overrides: { name?: string; status?: string; templateLanguage?: string; startedAt?: Date } = {},
) {
  const id = `c${randomUUID().replaceAll("-", "").slice(0, 20)}`;
  const components = [{ type: "BODY", text: "Hi {{1}}, your order {{2}} ships today." }];
  await db.$executeRaw`
    INSERT INTO "Campaign" (id, name, "upstreamName", status, "templateName", "templateLanguage", "templateComponents",
                            "startedAt", "createdAt", "updatedAt")
    VALUES (${id}, ${overrides.name ?? `Campaign ${id.slice(1, 7)}`}, ${id}, ${overrides.status ?? "RUNNING"}::"CampaignStatus",
            'order_update', ${overrides.templateLanguage ?? "en_US"}, ${JSON.stringify(components)}::jsonb,
            ${overrides.startedAt ?? new Date()}, now(), now())`;
  return id;
}

export type SeedRecipient = {
  address: string;
  phone?: string | null;
  bsuid?: string | null;
  country?: string | null;
  variables?: Record<string, string>;
  state?: string;
  acceptedAt?: Date | null;
  sentAt?: Date | null;
  deliveredAt?: Date | null;
  readAt?: Date | null;
  failedAt?: Date | null;
  errorCode?: string | null;
  skipReason?: string | null;
};

const RANK: Record<string, number> = {
  PENDING: 0,
  SENDING: 1,
  UNKNOWN: 1,
  SENT: 2,
  FAILED: 3,
  DELIVERED: 4,
  READ: 5,
  SKIPPED: 9,
};

/** Inserts recipients in one statement (as the audience import does), in the given order. */
export async function insertRecipients(campaignId: string, rows: SeedRecipient[]): Promise<string[]> {
  const ids = rows.map(() => randomUUID());
  const col = <T>(pick: (r: SeedRecipient) => T) => rows.map(pick);
  await db.$executeRaw`
    INSERT INTO "CampaignRecipient" (id, "campaignId", address, phone, bsuid, country, variables, state, "stateRank",
      "acceptedAt", "sentAt", "deliveredAt", "readAt", "failedAt", "errorCode", "skipReason")
    SELECT v.id, ${campaignId}, v.address, v.phone, v.bsuid, v.country, v.variables, v.state::"CampaignRecipientState", v.rank,
           v.accepted, v.sent, v.delivered, v.read, v.failed, v.code, v.skip
    FROM unnest(${ids}::text[], ${col((r) => r.address)}::text[], ${col((r) => r.phone ?? (r.address.startsWith("+") ? r.address : null))}::text[],
                ${col((r) => r.bsuid ?? null)}::text[], ${col((r) => r.country ?? null)}::text[],
                ${col((r) => JSON.stringify(r.variables ?? {}))}::jsonb[], ${col((r) => r.state ?? "PENDING")}::text[],
                ${col((r) => RANK[r.state ?? "PENDING"] ?? 0)}::int[], ${col((r) => r.acceptedAt ?? null)}::timestamptz[],
                ${col((r) => r.sentAt ?? null)}::timestamptz[], ${col((r) => r.deliveredAt ?? null)}::timestamptz[],
                ${col((r) => r.readAt ?? null)}::timestamptz[], ${col((r) => r.failedAt ?? null)}::timestamptz[],
                ${col((r) => r.errorCode ?? null)}::text[], ${col((r) => r.skipReason ?? null)}::text[])
      WITH ORDINALITY AS v(id, address, phone, bsuid, country, variables, state, rank, accepted, sent, delivered, read, failed, code, skip, ord)
    ORDER BY v.ord`;
  return ids;
}

/** An inbound customer message, stored directly (contact, conversation, message) as the inbox does. */
export async function insertInbound(
  identity: { phone?: string; bsuid?: string },
  at: Date,
  text = "Thanks!",
) {
  const contact = await db.contact.upsert({
    where: identity.bsuid ? { bsuid: identity.bsuid } : { phone: identity.phone! },
    create: { phone: identity.phone ?? null, bsuid: identity.bsuid ?? null },
    update: {},
    select: { id: true },
  });
  const conversation = await db.conversation.upsert({
    where: { contactId: contact.id },
    create: { contactId: contact.id, lastInboundAt: at, lastMessageAt: at },
    update: {},
    select: { id: true },
  });
  await db.message.create({
    data: {
      conversationId: conversation.id,
      direction: "INBOUND",
      kind: "text",
      text,
      content: { text },
      createdAt: at,
    },
  });
}

// --- the independent recount -------------------------------------------------------------------------------

type RecipientRow = {
  id: string;
  campaignId: string;
  address: string;
  country: string | null;
  state: string;
  errorCode: string | null;
  acceptedAt: Date | null;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
};

export type Rollups = {
  counters: Record<string, number>;
  breakdown: Record<string, number>;
  minutes: Record<string, number>;
  replies: Record<string, string>;
};

const minuteKey = (d: Date) => new Date(Math.floor(d.getTime() / 60_000) * 60_000).toISOString();
const bump = (map: Record<string, number>, key: string, by = 1) => {
  map[key] = (map[key] ?? 0) + by;
};

/** What every rollup must hold for these campaigns, computed from the source rows alone. */
export async function recount(campaignIds: string[]): Promise<Rollups> {
  const recipients = await db.$queryRaw<RecipientRow[]>`
    SELECT id, "campaignId", address, country, state::text AS state, "errorCode", "acceptedAt", "sentAt", "deliveredAt",
           "readAt", "failedAt"
    FROM "CampaignRecipient" WHERE "campaignId" = ANY(${campaignIds}::text[])`;
  const inbound = await db.$queryRaw<{ phone: string | null; bsuid: string | null; createdAt: Date }[]>`
    SELECT ct.phone, ct.bsuid, m."createdAt" FROM "Message" m
    JOIN "Conversation" cv ON cv.id = m."conversationId" JOIN "Contact" ct ON ct.id = cv."contactId"
    WHERE m.direction = 'INBOUND'`;
  const messagesByAddress = new Map<string, Date[]>();
  for (const m of inbound) {
    for (const address of [m.phone, m.bsuid ? `bsuid:${m.bsuid}` : null]) {
      if (address) messagesByAddress.set(address, [...(messagesByAddress.get(address) ?? []), m.createdAt]);
    }
  }

  const out: Rollups = { counters: {}, breakdown: {}, minutes: {}, replies: {} };
  for (const r of recipients) {
    const c = r.campaignId;
    const accepted = r.sentAt;
    bump(out.counters, `${c}|${r.state}`);
    if (r.state === "FAILED" && accepted) bump(out.counters, `${c}|ACCEPTED_FAILED`);
    bump(out.breakdown, `${c}|country|${r.country ?? ""}|${r.state}`);
    if (r.state === "FAILED" || r.state === "UNKNOWN")
      bump(out.breakdown, `${c}|error|${r.errorCode ?? ""}|${r.state}`);

    const sentAt =
      ["SENT", "DELIVERED", "READ"].includes(r.state) || (r.state === "FAILED" && accepted)
        ? (r.sentAt ?? r.acceptedAt ?? r.deliveredAt ?? r.readAt)
        : null;
    const deliveredAt = ["DELIVERED", "READ"].includes(r.state) ? (r.deliveredAt ?? r.readAt) : null;
    const readAt = r.state === "READ" ? (r.readAt ?? r.deliveredAt) : null;
    const failedAt = r.state === "FAILED" ? r.failedAt : null;
    for (const [stage, at] of [
      ["sent", sentAt],
      ["delivered", deliveredAt],
      ["read", readAt],
      ["failed", failedAt],
    ] as const) {
      if (at) bump(out.minutes, `${c}|${minuteKey(at)}|${stage}`);
    }

    if (r.deliveredAt) {
      const from = r.deliveredAt.getTime();
      const inWindow = (messagesByAddress.get(r.address) ?? [])
        .map((d) => d.getTime())
        .filter((t) => t >= from && t <= from + 86_400_000);
      if (inWindow.length > 0) {
        const first = new Date(Math.min(...inWindow));
        out.replies[r.id] = first.toISOString();
        bump(out.counters, `${c}|REPLIED`);
        bump(out.minutes, `${c}|${minuteKey(first)}|replied`);
      }
    }
  }
  return out;
}

/** The rollup tables as they are (shards summed, zero entries dropped), in the recount's shape. */
export async function readRollups(campaignIds: string[]): Promise<Rollups> {
  const out: Rollups = { counters: {}, breakdown: {}, minutes: {}, replies: {} };
  const counters = await db.$queryRaw<{ campaignId: string; metric: string; n: number }[]>`
    SELECT "campaignId", metric, sum(count)::int AS n FROM "AnalyticsCampaignCounter"
    WHERE "campaignId" = ANY(${campaignIds}::text[]) GROUP BY 1, 2 HAVING sum(count) <> 0`;
  for (const r of counters) out.counters[`${r.campaignId}|${r.metric}`] = r.n;
  const breakdown = await db.$queryRaw<
    { campaignId: string; dimension: string; value: string; state: string; n: number }[]
  >`
    SELECT "campaignId", dimension, value, state, sum(count)::int AS n FROM "AnalyticsCampaignBreakdown"
    WHERE "campaignId" = ANY(${campaignIds}::text[]) GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0`;
  for (const r of breakdown) out.breakdown[`${r.campaignId}|${r.dimension}|${r.value}|${r.state}`] = r.n;
  const minutes = await db.$queryRaw<
    {
      campaignId: string;
      minute: Date;
      sent: number;
      delivered: number;
      read: number;
      failed: number;
      replied: number;
    }[]
  >`
    SELECT "campaignId", minute, sum(sent)::int AS sent, sum(delivered)::int AS delivered, sum(read)::int AS read,
           sum(failed)::int AS failed, sum(replied)::int AS replied
    FROM "AnalyticsMinute" WHERE "campaignId" = ANY(${campaignIds}::text[]) GROUP BY 1, 2`;
  for (const r of minutes) {
    for (const stage of ["sent", "delivered", "read", "failed", "replied"] as const) {
      if (r[stage] !== 0) out.minutes[`${r.campaignId}|${r.minute.toISOString()}|${stage}`] = r[stage];
    }
  }
  const replies = await db.$queryRaw<{ recipientId: string; repliedAt: Date }[]>`
    SELECT "recipientId", "repliedAt" FROM "AnalyticsReply" WHERE "campaignId" = ANY(${campaignIds}::text[])`;
  for (const r of replies) out.replies[r.recipientId] = r.repliedAt.toISOString();
  return out;
}
