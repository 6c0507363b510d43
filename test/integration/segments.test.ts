import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { CurrentUser } from "../../lib/auth/session";
import { db } from "../../lib/db";
import { Prisma } from "../../lib/generated/prisma/client";
import { compileSegment } from "../../lib/segments/compile-segment";
import { countSegment } from "../../lib/segments/count-segment";
import { segmentFilterSchema, type Engagement, type SegmentFilter } from "../../lib/segments/schemas";
import { truncateAll } from "./helpers";

// Segments against a seeded data set with random (but seeded, so reproducible) engagement: the compiled filter
// must return exactly the contacts that an independent recount finds: plain SQL per condition, combined with
// set operations in TypeScript for the AND/OR structure. Then the routes: limits, 422s, the live count.

const session = vi.hoisted(() => ({ user: null as CurrentUser | null }));
vi.mock("../../lib/auth/session", async (importOriginal) => ({
  ...(await importOriginal<Record<string, unknown>>()),
  getCurrentUser: () => Promise.resolve(session.user),
  getRequestUser: () => Promise.resolve(session.user),
  requirePageUser: () => Promise.resolve(session.user),
}));

const segmentsRoute = await import("../../app/api/segments/route");
const segmentRoute = await import("../../app/api/segments/[id]/route");
const countRoute = await import("../../app/api/segments/count/route");

const noParams = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };
const json = (path: string, body: unknown, method = "POST") =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

/** mulberry32: a tiny seeded PRNG, so a failure reproduces. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = 20261206;
const HOUR = 3_600_000;
const NOW = Date.now();
const CUTOFF = "2026-11-20";
let labelA = "";
let labelB = "";
let campaigns: string[] = [];
let allContacts: string[] = [];

async function seed() {
  const rnd = prng(SEED);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
  labelA = (await db.label.create({ data: { name: "VIP", nameKey: "vip", color: "amber" } })).id;
  labelB = (await db.label.create({ data: { name: "Churn risk", nameKey: "churn risk", color: "red" } })).id;
  campaigns = [];
  for (const n of [1, 2, 3]) {
    const c = await db.campaign.create({
      data: {
        name: `Seeded ${n}`,
        upstreamName: `seeded_${n}`,
        status: "COMPLETED",
        templateName: "hello",
        templateLanguage: "en",
      },
    });
    campaigns.push(c.id);
  }
  const N = 320;
  const contacts = Array.from({ length: N }, (_, i) => ({
    id: `seg${String(i).padStart(4, "0")}`,
    phone: `+1415555${String(1000 + i)}`,
    name: `Seed ${i}`,
    optedOut: rnd() < 0.15,
  }));
  await db.contact.createMany({ data: contacts });
  allContacts = contacts.map((c) => c.id);
  const conversations: { id: string; contactId: string; lastInboundAt: Date | null }[] = [];
  for (const c of contacts) {
    if (rnd() < 0.65) {
      const wrote = rnd() < 0.8;
      conversations.push({
        id: `cv_${c.id}`,
        contactId: c.id,
        lastInboundAt: wrote
          ? new Date(NOW - Math.floor(rnd() * 60) * 24 * HOUR - Math.floor(rnd() * 24) * HOUR)
          : null,
      });
    }
  }
  await db.conversation.createMany({
    data: conversations.map((c) => ({ ...c, lastMessageAt: c.lastInboundAt ?? new Date(NOW) })),
  });
  await db.contactLabel.createMany({
    data: contacts.filter(() => rnd() < 0.2).map((c) => ({ contactId: c.id, labelId: labelA })),
  });
  await db.contactLabel.createMany({
    data: contacts.filter(() => rnd() < 0.2).map((c) => ({ contactId: c.id, labelId: labelB })),
  });
  await db.conversationLabel.createMany({
    data: conversations
      .filter(() => rnd() < 0.15)
      .map((c) => ({ conversationId: c.id, labelId: pick([labelA, labelB]) })),
    skipDuplicates: true,
  });

  const recipients: Prisma.CampaignRecipientCreateManyInput[] = [];
  // Clicks (as a campaign report import leaves them) from their own generator, so the rest of the seed is unchanged.
  const clickRnd = prng(SEED + 1);
  const messages: Prisma.MessageCreateManyInput[] = [];
  const conversationOf = new Map(conversations.map((c) => [c.contactId, c.id]));
  for (const campaignId of campaigns) {
    for (const c of contacts) {
      if (rnd() < 0.45) continue;
      const sentAt = new Date(NOW - (5 + Math.floor(rnd() * 30)) * 24 * HOUR);
      const stage = rnd(); // 0.1 not sent (failed/skipped), then sent / delivered / read
      const sent = stage >= 0.1;
      const delivered = stage >= 0.3;
      const read = stage >= 0.6;
      const quoted = read && rnd() < 0.2;
      recipients.push({
        campaignId,
        address: c.phone,
        phone: c.phone,
        contactId: c.id,
        variables: {},
        state: !sent ? "FAILED" : read ? "READ" : delivered ? "DELIVERED" : "SENT",
        stateRank: !sent ? 3 : read ? 5 : delivered ? 4 : 2,
        sentAt: sent && rnd() < 0.9 ? sentAt : null,
        acceptedAt: sent ? sentAt : null,
        deliveredAt: delivered ? new Date(sentAt.getTime() + 60_000) : null,
        readAt: read ? new Date(sentAt.getTime() + 120_000) : null,
        repliedAt: quoted ? new Date(sentAt.getTime() + Math.floor(rnd() * 200) * HOUR) : null,
        // Mostly after reading; now and then without a read receipt (read receipts can be off).
        clickedAt: sent && clickRnd() < (read ? 0.4 : 0.05) ? new Date(sentAt.getTime() + 300_000) : null,
      });
      const conversationId = conversationOf.get(c.id);
      if (sent && conversationId && rnd() < 0.35) {
        // An answer some hours later: within 72 h or not; now and then only a reaction (not a reply).
        messages.push({
          conversationId,
          direction: "INBOUND",
          kind: rnd() < 0.15 ? "reaction" : "text",
          text: "ok",
          content: { text: "ok" },
          createdAt: new Date(sentAt.getTime() + Math.floor(rnd() * 120) * HOUR + 1000),
        });
      }
    }
  }
  await db.campaignRecipient.createMany({ data: recipients });
  await db.message.createMany({ data: messages });
}

// Plain SQL, one condition at a time, written independently of the compiler.
async function ids(sql: Prisma.Sql): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ id: string }[]>(sql);
  return new Set(rows.map((r) => r.id));
}
const labelled = (labelId: string) =>
  ids(Prisma.sql`SELECT "contactId" AS id FROM "ContactLabel" WHERE "labelId" = ${labelId}
    UNION SELECT cv."contactId" FROM "ConversationLabel" cl JOIN "Conversation" cv ON cv.id = cl."conversationId" WHERE cl."labelId" = ${labelId}`);
const optedOut = () => ids(Prisma.sql`SELECT id FROM "Contact" WHERE "optedOut"`);
const wrote = () =>
  ids(Prisma.sql`SELECT "contactId" AS id FROM "Conversation" WHERE "lastInboundAt" IS NOT NULL`);
const lastInboundBefore = (day: string) =>
  ids(
    Prisma.sql`SELECT "contactId" AS id FROM "Conversation" WHERE "lastInboundAt" < ${new Date(`${day}T00:00:00Z`)}`,
  );
const lastInboundAfter = (day: string) =>
  ids(
    Prisma.sql`SELECT "contactId" AS id FROM "Conversation" WHERE "lastInboundAt" >= ${new Date(`${day}T00:00:00Z`)}`,
  );
/** Recipient rows with a flag: replied (quoted, or a non-reaction inbound message within the window after the send). */
async function recipientRows(campaignId: string | null, hours = 72) {
  return db.$queryRaw<
    {
      contactId: string;
      sent: boolean;
      delivered: boolean;
      read: boolean;
      replied: boolean;
      clicked: boolean;
    }[]
  >`
    SELECT r."contactId", (COALESCE(r."sentAt", r."acceptedAt") IS NOT NULL) AS sent, (r."deliveredAt" IS NOT NULL) AS delivered,
      (r."readAt" IS NOT NULL) AS read, (r."clickedAt" IS NOT NULL) AS clicked,
      (r."repliedAt" IS NOT NULL OR r."contactId" IN (
        SELECT cv."contactId" FROM "Message" m JOIN "Conversation" cv ON cv.id = m."conversationId"
        WHERE m.direction = 'INBOUND' AND m.kind <> 'reaction'
          AND m."createdAt" BETWEEN COALESCE(r."sentAt", r."acceptedAt") AND COALESCE(r."sentAt", r."acceptedAt") + ${hours} * interval '1 hour'
          AND m."createdAt" <> COALESCE(r."sentAt", r."acceptedAt") + ${hours} * interval '1 hour')) AS replied
    FROM "CampaignRecipient" r WHERE r."contactId" IS NOT NULL ${campaignId ? Prisma.sql`AND r."campaignId" = ${campaignId}` : Prisma.empty}`;
}
async function engaged(
  campaignId: string | null,
  test: (r: {
    sent: boolean;
    delivered: boolean;
    read: boolean;
    replied: boolean;
    clicked: boolean;
  }) => boolean,
  hours = 72,
) {
  return new Set((await recipientRows(campaignId, hours)).filter(test).map((r) => r.contactId));
}
const and = (...sets: Set<string>[]) =>
  new Set([...(sets[0] ?? [])].filter((id) => sets.every((s) => s.has(id))));
const or = (...sets: Set<string>[]) => new Set(sets.flatMap((s) => [...s]));
const not = (s: Set<string>) => new Set(allContacts.filter((id) => !s.has(id)));

async function compiled(filter: SegmentFilter): Promise<string[]> {
  const parsed = segmentFilterSchema.parse(filter);
  const rows = await db.$queryRaw<
    { id: string }[]
  >`SELECT ct.id FROM "Contact" ct WHERE ${compileSegment(parsed)} ORDER BY ct.id`;
  return rows.map((r) => r.id);
}
const sorted = (s: Set<string>) => [...s].sort();

// "Any campaign" conditions read ContactEngagement, the per-contact sums kept by triggers on CampaignRecipient
// (prisma/sql/segments.sql). Each engagement, each reply window that matters (1 h, a day, the default, the maximum)
// must equal the recount over the sends themselves; and the trigger-kept rows must equal a fresh sum.
const ANY_CAMPAIGN: [Engagement, (r: Awaited<ReturnType<typeof recipientRows>>[number]) => boolean][] = [
  ["received", (r) => r.sent],
  ["delivered_not_read", (r) => r.delivered && !r.read],
  ["read", (r) => r.read],
  ["replied", (r) => r.sent && r.replied],
  ["not_replied", (r) => r.sent && !r.replied],
  ["read_not_replied", (r) => r.read && !r.replied],
  ["clicked", (r) => r.clicked],
  ["not_clicked", (r) => r.sent && !r.clicked],
  ["read_not_clicked", (r) => r.read && !r.clicked],
];
async function expectAnyCampaignMatchesRecount() {
  for (const hours of [1, 24, 72, 720]) {
    const rows = await recipientRows(null, hours);
    for (const [engagement, test] of ANY_CAMPAIGN) {
      const filter: SegmentFilter = {
        kind: "group",
        op: "and",
        items: [{ kind: "campaign", engagement, withinHours: hours }],
      };
      const want = sorted(new Set(rows.filter(test).map((r) => r.contactId)));
      expect({ engagement, hours, ids: await compiled(filter) }).toEqual({ engagement, hours, ids: want });
    }
  }
  const drift = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      (SELECT * FROM "ContactEngagement" EXCEPT SELECT * FROM segment_engagement_of(ARRAY(SELECT id FROM "Contact")))
      UNION ALL
      (SELECT * FROM segment_engagement_of(ARRAY(SELECT id FROM "Contact")) EXCEPT SELECT * FROM "ContactEngagement")
    ) d`;
  expect(drift[0]?.n).toBe(0);
}

beforeAll(async () => {
  await truncateAll();
  await db.$executeRawUnsafe(
    'TRUNCATE "Campaign", "CampaignRecipient", "Label", "Segment", "AuditLog" CASCADE',
  );
  await seed();
  session.user = await db.user.create({
    data: {
      email: `seg-${randomUUID().slice(0, 6)}@example.com`,
      name: "Maya Manager",
      role: "CAMPAIGN_MANAGER",
      passwordHash: "x",
    },
    select: { id: true, email: true, name: true, role: true },
  });
});

afterAll(async () => {
  session.user = null;
});

describe("segments return exactly the contacts a plain SQL recount finds", () => {
  const g = (op: "and" | "or", ...items: SegmentFilter["items"]): SegmentFilter => ({
    kind: "group",
    op,
    items,
  });

  it("the seeded data set has something in every bucket (the comparisons below are not vacuous)", async () => {
    const [c1] = campaigns;
    expect((await engaged(c1 ?? null, (r) => r.delivered && !r.read)).size).toBeGreaterThan(5);
    expect((await engaged(null, (r) => r.sent && r.replied)).size).toBeGreaterThan(5);
    expect((await engaged(null, (r) => r.read && !r.replied)).size).toBeGreaterThan(5);
    expect((await labelled(labelA)).size).toBeGreaterThan(5);
    expect(not(await wrote()).size).toBeGreaterThan(5);
    expect((await engaged(c1 ?? null, (r) => r.clicked)).size).toBeGreaterThan(5);
    expect((await engaged(c1 ?? null, (r) => r.read && !r.clicked)).size).toBeGreaterThan(5);
    expect((await engaged(null, (r) => r.clicked && !r.read)).size).toBeGreaterThan(0);
  });

  it.each([
    [
      "label VIP",
      () => g("and", { kind: "label", labelId: labelA, has: true }),
      async () => labelled(labelA),
    ],
    [
      "lacks Churn risk",
      () => g("and", { kind: "label", labelId: labelB, has: false }),
      async () => not(await labelled(labelB)),
    ],
    ["opted out", () => g("and", { kind: "optedOut", value: true }), optedOut],
    [
      "delivered but not read in campaign 1",
      () =>
        g("and", {
          kind: "campaign",
          campaignId: campaigns[0],
          engagement: "delivered_not_read",
          withinHours: 72,
        }),
      () => engaged(campaigns[0] ?? null, (r) => r.delivered && !r.read),
    ],
    [
      "replied within 72 h of any campaign send",
      () => g("and", { kind: "campaign", engagement: "replied", withinHours: 72 }),
      () => engaged(null, (r) => r.sent && r.replied),
    ],
    [
      "replied within 24 h to campaign 2",
      () => g("and", { kind: "campaign", campaignId: campaigns[1], engagement: "replied", withinHours: 24 }),
      () => engaged(campaigns[1] ?? null, (r) => r.sent && r.replied, 24),
    ],
    [
      "read but did not reply to campaign 3",
      () =>
        g("and", {
          kind: "campaign",
          campaignId: campaigns[2],
          engagement: "read_not_replied",
          withinHours: 72,
        }),
      () => engaged(campaigns[2] ?? null, (r) => r.read && !r.replied),
    ],
    [
      "received campaign 1 but did not reply",
      () =>
        g("and", { kind: "campaign", campaignId: campaigns[0], engagement: "not_replied", withinHours: 72 }),
      () => engaged(campaigns[0] ?? null, (r) => r.sent && !r.replied),
    ],
    [
      "clicked in campaign 1",
      () => g("and", { kind: "campaign", campaignId: campaigns[0], engagement: "clicked", withinHours: 72 }),
      () => engaged(campaigns[0] ?? null, (r) => r.clicked),
    ],
    [
      "clicked in any campaign",
      () => g("and", { kind: "campaign", engagement: "clicked", withinHours: 72 }),
      () => engaged(null, (r) => r.clicked),
    ],
    [
      "did not click campaign 2",
      () =>
        g("and", { kind: "campaign", campaignId: campaigns[1], engagement: "not_clicked", withinHours: 72 }),
      () => engaged(campaigns[1] ?? null, (r) => r.sent && !r.clicked),
    ],
    [
      "read but did not click campaign 3",
      () =>
        g("and", {
          kind: "campaign",
          campaignId: campaigns[2],
          engagement: "read_not_clicked",
          withinHours: 72,
        }),
      () => engaged(campaigns[2] ?? null, (r) => r.read && !r.clicked),
    ],
    [
      "not opted out AND clicked campaign 1 AND did not click campaign 2",
      () =>
        g(
          "and",
          { kind: "optedOut", value: false },
          { kind: "campaign", campaignId: campaigns[0], engagement: "clicked", withinHours: 72 },
          { kind: "campaign", campaignId: campaigns[1], engagement: "not_clicked", withinHours: 72 },
        ),
      async () =>
        and(
          not(await optedOut()),
          await engaged(campaigns[0] ?? null, (r) => r.clicked),
          await engaged(campaigns[1] ?? null, (r) => r.sent && !r.clicked),
        ),
    ],
    ["never wrote to us", () => g("and", { kind: "neverWrote" }), async () => not(await wrote())],
    [
      "last inbound before the cut-off",
      () => g("and", { kind: "lastInbound", op: "before", date: CUTOFF }),
      () => lastInboundBefore(CUTOFF),
    ],
    [
      "not opted out AND (VIP OR replied to campaign 1) AND last inbound after the cut-off",
      () =>
        g(
          "and",
          { kind: "optedOut", value: false },
          g(
            "or",
            { kind: "label", labelId: labelA, has: true },
            { kind: "campaign", campaignId: campaigns[0], engagement: "replied", withinHours: 72 },
          ),
          { kind: "lastInbound", op: "after", date: CUTOFF },
        ),
      async () =>
        and(
          not(await optedOut()),
          or(await labelled(labelA), await engaged(campaigns[0] ?? null, (r) => r.sent && r.replied)),
          await lastInboundAfter(CUTOFF),
        ),
    ],
    [
      "never wrote OR (Churn risk AND read campaign 2 AND (delivered-not-read in 3 OR lacks VIP))",
      () =>
        g(
          "or",
          { kind: "neverWrote" },
          g(
            "and",
            { kind: "label", labelId: labelB, has: true },
            { kind: "campaign", campaignId: campaigns[1], engagement: "read", withinHours: 72 },
            g(
              "or",
              {
                kind: "campaign",
                campaignId: campaigns[2],
                engagement: "delivered_not_read",
                withinHours: 72,
              },
              { kind: "label", labelId: labelA, has: false },
            ),
          ),
        ),
      async () =>
        or(
          not(await wrote()),
          and(
            await labelled(labelB),
            await engaged(campaigns[1] ?? null, (r) => r.read),
            or(
              await engaged(campaigns[2] ?? null, (r) => r.delivered && !r.read),
              not(await labelled(labelA)),
            ),
          ),
        ),
    ],
  ] as const)("%s", async (_name, filter, expected) => {
    const want = sorted(await expected());
    expect(await compiled(filter())).toEqual(want);
    const count = await countSegment(segmentFilterSchema.parse(filter()));
    expect(count.matching).toBe(want.length);
    const opted = await optedOut();
    expect(count.optedOut).toBe(want.filter((id) => opted.has(id)).length);
    // The sample: the newest five that are not opted out, by the short walk and by the whole-filter plan (a walk
    // of the newest 3 contacts finds too few).
    const newest = (
      await db.$queryRaw<
        { id: string }[]
      >`SELECT id FROM "Contact" WHERE id = ANY (${want}::text[]) AND NOT "optedOut"
        ORDER BY "createdAt" DESC, id DESC LIMIT 5`
    ).map((r) => r.id);
    expect(count.sample.map((c) => c.id)).toEqual(newest);
    const shortWalk = await countSegment(segmentFilterSchema.parse(filter()), 3);
    expect(shortWalk.sample.map((c) => c.id)).toEqual(newest);
  });

  it("every 'any campaign' condition, for short and long reply windows", async () => {
    await expectAnyCampaignMatchesRecount();
  });

  it("an empty group matches every contact", async () => {
    expect(await compiled(g("and"))).toEqual([...allContacts].sort());
  });
});

// Typed contact fields (the `attribute` condition): random values of each type on the seeded contacts, some of
// another type under the same key, some missing; the recount is TypeScript over the stored JSON.
describe("attribute conditions return exactly the contacts a recount of their fields finds", () => {
  const g = (op: "and" | "or", ...items: SegmentFilter["items"]): SegmentFilter => ({
    kind: "group",
    op,
    items,
  });
  type Attrs = Record<string, unknown>;
  let stored = new Map<string, Attrs>();
  const DAY = 86_400_000;
  const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const today = dayOf(Date.now());

  beforeAll(async () => {
    const rnd = prng(SEED + 7);
    const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)] as T;
    for (const [key, label, type] of [
      ["tier", "Tier", "TEXT"],
      ["spend", "Spend", "NUMBER"],
      ["renewal", "Renewal", "DATE"],
      ["vip", "VIP", "BOOLEAN"],
    ] as const) {
      await db.contactAttribute.upsert({ where: { key }, create: { key, label, type }, update: {} });
    }
    const values: { id: string; attrs: Attrs }[] = allContacts.map((id) => {
      const attrs: Attrs = {};
      const tier = pick<unknown>([
        "Gold",
        "gold",
        "Silver",
        "Goldfish",
        "Rose gold",
        undefined,
        undefined,
        42,
      ]);
      if (tier !== undefined) attrs.tier = tier;
      const spend = pick<unknown>([
        Math.round(rnd() * 20000) / 100,
        Math.round(rnd() * 200),
        100,
        -5,
        undefined,
        "150",
      ]);
      if (spend !== undefined) attrs.spend = spend;
      const renewal = pick<unknown>([
        dayOf(Date.now() - Math.floor(rnd() * 60) * DAY),
        dayOf(Date.now() + Math.floor(rnd() * 60) * DAY),
        "2026-01-15",
        undefined,
        "soon",
        20260115,
      ]);
      if (renewal !== undefined) attrs.renewal = renewal;
      const vip = pick<unknown>([true, false, undefined, "true"]);
      if (vip !== undefined) attrs.vip = vip;
      return { id, attrs };
    });
    await db.$executeRaw`UPDATE "Contact" c SET attributes = v.attrs FROM unnest(${values.map((v) => v.id)}::text[], ${values.map((v) => JSON.stringify(v.attrs))}::jsonb[]) AS v(id, attrs) WHERE c.id = v.id`;
    const rows = await db.$queryRaw<
      { id: string; attributes: Attrs }[]
    >`SELECT id, attributes FROM "Contact"`;
    stored = new Map(rows.map((r) => [r.id, r.attributes]));
  });

  const where = (test: (a: Attrs) => boolean) =>
    new Set([...stored].filter(([, a]) => test(a)).map(([id]) => id));
  const str = (v: unknown): v is string => typeof v === "string";
  const num = (v: unknown): v is number => typeof v === "number";
  const isDay = (v: unknown): v is string => str(v) && /^\d{4}-\d{2}-\d{2}$/.test(v);

  it.each([
    [
      "tier is gold (any case)",
      () => g("and", { kind: "attribute", key: "tier", type: "TEXT", op: "equals", value: "GOLD" }),
      () => where((a) => str(a.tier) && a.tier.toLowerCase() === "gold"),
    ],
    [
      "tier contains 'old'",
      () => g("and", { kind: "attribute", key: "tier", type: "TEXT", op: "contains", value: "old" }),
      () => where((a) => str(a.tier) && a.tier.toLowerCase().includes("old")),
    ],
    [
      "spend < 100",
      () => g("and", { kind: "attribute", key: "spend", type: "NUMBER", op: "lt", value: 100 }),
      () => where((a) => num(a.spend) && a.spend < 100),
    ],
    [
      "spend = 100",
      () => g("and", { kind: "attribute", key: "spend", type: "NUMBER", op: "eq", value: 100 }),
      () => where((a) => num(a.spend) && a.spend === 100),
    ],
    [
      "spend > 99.5",
      () => g("and", { kind: "attribute", key: "spend", type: "NUMBER", op: "gt", value: 99.5 }),
      () => where((a) => num(a.spend) && a.spend > 99.5),
    ],
    [
      "renewal before today",
      () => g("and", { kind: "attribute", key: "renewal", type: "DATE", op: "before", value: today }),
      () => where((a) => isDay(a.renewal) && a.renewal < today),
    ],
    [
      "renewal after 2026-01-15",
      () => g("and", { kind: "attribute", key: "renewal", type: "DATE", op: "after", value: "2026-01-15" }),
      () => where((a) => isDay(a.renewal) && a.renewal > "2026-01-15"),
    ],
    [
      "renewal within the last 30 days",
      () => g("and", { kind: "attribute", key: "renewal", type: "DATE", op: "within", days: 30 }),
      () =>
        where(
          (a) =>
            isDay(a.renewal) &&
            a.renewal >= dayOf(Date.parse(`${today}T00:00:00Z`) - 30 * DAY) &&
            a.renewal <= today,
        ),
    ],
    [
      "vip is yes",
      () => g("and", { kind: "attribute", key: "vip", type: "BOOLEAN", op: "is", value: true }),
      () => where((a) => a.vip === true),
    ],
    [
      "vip is no",
      () => g("and", { kind: "attribute", key: "vip", type: "BOOLEAN", op: "is", value: false }),
      () => where((a) => a.vip === false),
    ],
    [
      "(vip OR spend > 150) AND NOT opted out AND lacks Churn risk",
      () =>
        g(
          "and",
          g(
            "or",
            { kind: "attribute", key: "vip", type: "BOOLEAN", op: "is", value: true },
            { kind: "attribute", key: "spend", type: "NUMBER", op: "gt", value: 150 },
          ),
          { kind: "optedOut", value: false },
          { kind: "label", labelId: labelB, has: false },
        ),
      async () =>
        and(
          or(
            where((a) => a.vip === true),
            where((a) => num(a.spend) && a.spend > 150),
          ),
          not(await optedOut()),
          not(await labelled(labelB)),
        ),
    ],
  ] as const)("%s", async (_name, filter, expected) => {
    const want = sorted(await expected());
    expect(want.length).toBeGreaterThan(3);
    expect(want.length).toBeLessThan(allContacts.length);
    expect(await compiled(filter())).toEqual(want);
    expect((await countSegment(segmentFilterSchema.parse(filter()))).matching).toBe(want.length);
  });

  it("a user value is a bind parameter, never SQL text", async () => {
    const sql = compileSegment(
      segmentFilterSchema.parse(
        g("and", {
          kind: "attribute",
          key: "tier",
          type: "TEXT",
          op: "contains",
          value: 'x\'); DROP TABLE "Contact"; --',
        }),
      ),
    );
    expect(sql.sql).not.toContain("DROP");
    expect(sql.values).toContain('x\'); DROP TABLE "Contact"; --');
    expect(
      await compiled(
        g("and", {
          kind: "attribute",
          key: "tier",
          type: "TEXT",
          op: "contains",
          value: 'x\'); DROP TABLE "Contact"; --',
        }),
      ),
    ).toEqual([]);
  });
});

describe("segment routes", () => {
  it("saves a segment, counts a draft filter live, and refuses filters past the limits with a 422 naming the field", async () => {
    const filter = { kind: "group", op: "and", items: [{ kind: "label", labelId: labelA, has: true }] };
    const created = await segmentsRoute.POST(json("/api/segments", { name: "VIPs", filter }), noParams);
    expect(created.status).toBe(201);
    const { segment } = (await created.json()) as { segment: { id: string; name: string } };
    expect(segment.name).toBe("VIPs");
    const dup = await segmentsRoute.POST(json("/api/segments", { name: "vips", filter }), noParams);
    expect(dup.status).toBe(409);
    const audit = await db.auditLog.findFirst({ where: { action: "segment.created", targetId: segment.id } });
    expect(audit?.actorId).toBe(session.user?.id);

    const counted = await countRoute.POST(json("/api/segments/count", { filter }), noParams);
    expect(counted.status).toBe(200);
    expect(((await counted.json()) as { count: { matching: number } }).count.matching).toBe(
      (await labelled(labelA)).size,
    );

    const deep = {
      kind: "group",
      op: "and",
      items: [
        {
          kind: "group",
          op: "or",
          items: [{ kind: "group", op: "and", items: [{ kind: "group", op: "or", items: [] }] }],
        },
      ],
    };
    const tooDeep = await countRoute.POST(json("/api/segments/count", { filter: deep }), noParams);
    expect(tooDeep.status).toBe(422);
    expect(JSON.stringify(await tooDeep.json())).toMatch(/nest at most 3/);
    const wide = {
      kind: "group",
      op: "or",
      items: Array.from({ length: 21 }, () => ({ kind: "neverWrote" })),
    };
    expect((await countRoute.POST(json("/api/segments/count", { filter: wide }), noParams)).status).toBe(422);
    const unknownKind = { kind: "group", op: "and", items: [{ kind: "clicked", campaignId: "x" }] };
    const bad = await countRoute.POST(json("/api/segments/count", { filter: unknownKind }), noParams);
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toMatch(/kind must be one of/);
    // A user value that looks like SQL is a parameter, never SQL text.
    const sneaky = {
      kind: "group",
      op: "and",
      items: [{ kind: "label", labelId: `x' OR '1'='1`, has: true }],
    };
    const injected = await countRoute.POST(json("/api/segments/count", { filter: sneaky }), noParams);
    expect(((await injected.json()) as { count: { matching: number } }).count.matching).toBe(0);

    const renamed = await segmentRoute.PATCH(
      json(`/api/segments/${segment.id}`, { name: "Top customers" }, "PATCH"),
      { params: Promise.resolve({ id: segment.id }) },
    );
    expect(((await renamed.json()) as { segment: { name: string } }).segment.name).toBe("Top customers");
    const removed = await segmentRoute.DELETE(
      new Request(`http://localhost/api/segments/${segment.id}`, { method: "DELETE" }),
      { params: Promise.resolve({ id: segment.id }) },
    );
    expect(removed.status).toBe(204);
    expect(
      await db.auditLog.count({
        where: { targetId: segment.id, action: { in: ["segment.updated", "segment.deleted"] } },
      }),
    ).toBe(2);
  });
});

// "Replied within N hours" reads CampaignRecipient.firstAnswerAt, kept by triggers (prisma/sql/segments.sql).
// After the changes that can move it (answers deleted, moved to another conversation, a reaction edited into
// text, sends re-timed or re-assigned, a send inserted after its answer), the compiled filters still equal the
// recount, which reads the messages themselves.
describe("the answer times follow later changes to messages, sends and conversations", () => {
  it("replied / not replied still match the recount", async () => {
    const inbound = await db.message.findMany({
      where: { direction: "INBOUND" },
      select: { id: true, conversationId: true, kind: true },
      orderBy: { id: "asc" },
    });
    const conversations = await db.conversation.findMany({ select: { id: true }, orderBy: { id: "asc" } });
    // Delete some answers, move others to another customer's conversation, turn reactions into text.
    for (const [i, m] of inbound.entries()) {
      if (i % 7 === 0) await db.message.delete({ where: { id: m.id } });
      else if (i % 7 === 1) {
        const target = conversations[(i * 13) % conversations.length]!.id;
        await db.message.update({ where: { id: m.id }, data: { conversationId: target } });
      } else if (m.kind === "reaction")
        await db.message.update({ where: { id: m.id }, data: { kind: "text" } });
    }
    // Re-time some sends by a few hours, hand others to another contact, and add a send after an answer exists.
    const sends = await db.campaignRecipient.findMany({
      where: { sentAt: { not: null } },
      select: { id: true, sentAt: true },
      orderBy: { id: "asc" },
    });
    for (const [i, r] of sends.entries()) {
      if (i % 11 === 0)
        await db.campaignRecipient.update({
          where: { id: r.id },
          data: { sentAt: new Date(r.sentAt!.getTime() - 30 * 3_600_000) },
        });
      else if (i % 11 === 1) {
        const other = allContacts[(i * 17) % allContacts.length]!;
        await db.campaignRecipient.update({ where: { id: r.id }, data: { contactId: other } });
      }
    }
    const answered = await db.message.findFirst({
      where: { direction: "INBOUND", kind: { not: "reaction" } },
      select: { createdAt: true, conversation: { select: { contactId: true } } },
    });
    const late = await db.campaign.create({
      data: {
        name: "Late",
        upstreamName: "late",
        status: "COMPLETED",
        templateName: "hello",
        templateLanguage: "en",
      },
    });
    await db.campaignRecipient.create({
      data: {
        campaignId: late.id,
        address: "+15550000000",
        contactId: answered!.conversation.contactId,
        variables: {},
        state: "SENT",
        stateRank: 2,
        sentAt: new Date(answered!.createdAt.getTime() - 3_600_000),
      },
    });
    // A conversation removed outright (its answers go with it).
    await db.conversation.delete({ where: { id: conversations[3]!.id } });

    const g = (item: SegmentFilter["items"][number]): SegmentFilter => ({
      kind: "group",
      op: "and",
      items: [item],
    });
    for (const hours of [24, 72]) {
      expect(await compiled(g({ kind: "campaign", engagement: "replied", withinHours: hours }))).toEqual(
        sorted(await engaged(null, (r) => r.sent && r.replied, hours)),
      );
      expect(await compiled(g({ kind: "campaign", engagement: "not_replied", withinHours: hours }))).toEqual(
        sorted(await engaged(null, (r) => r.sent && !r.replied, hours)),
      );
      expect(
        await compiled(
          g({ kind: "campaign", campaignId: late.id, engagement: "replied", withinHours: hours }),
        ),
      ).toEqual(sorted(await engaged(late.id, (r) => r.sent && r.replied, hours)));
    }
    expect((await engaged(late.id, (r) => r.sent && r.replied)).size).toBe(1);
    await expectAnyCampaignMatchesRecount();
  });
});

// The "any campaign" sums (ContactEngagement) after the writes the engine, the webhooks, the report import and
// the audience imports make, one row at a time and in bulk: still equal to the recount.
describe("the per-contact engagement sums follow later writes to sends", () => {
  const idsWhere = async (where: Prisma.Sql) =>
    (await db.$queryRaw<{ id: string }[]>`SELECT id FROM "CampaignRecipient" WHERE ${where} ORDER BY id`).map(
      (r) => r.id,
    );

  it("statuses, clicks, quotes, answers, un-sends, deletions and new campaigns", async () => {
    const rnd = prng(SEED + 3);
    // Bulk status update (an outcome batch): some sent sends delivered, in one statement.
    const sentOnly = await idsWhere(Prisma.sql`"sentAt" IS NOT NULL AND "deliveredAt" IS NULL`);
    await db.$executeRaw`UPDATE "CampaignRecipient" SET "deliveredAt" = "sentAt" + interval '1 minute', state = 'DELIVERED'
      WHERE id = ANY (${sentOnly.filter(() => rnd() < 0.5)}::text[])`;
    // Webhooks, one row each: reads, quotes, clicks (and a click taken back).
    const delivered = await idsWhere(Prisma.sql`"deliveredAt" IS NOT NULL AND "readAt" IS NULL`);
    for (const id of delivered.filter(() => rnd() < 0.3))
      await db.campaignRecipient.update({ where: { id }, data: { readAt: new Date(), state: "READ" } });
    const read = await idsWhere(Prisma.sql`"readAt" IS NOT NULL AND "repliedAt" IS NULL`);
    for (const id of read.filter(() => rnd() < 0.1))
      await db.campaignRecipient.update({ where: { id }, data: { repliedAt: new Date() } });
    const clicked = await idsWhere(Prisma.sql`"clickedAt" IS NOT NULL`);
    await db.campaignRecipient.updateMany({
      where: { id: { in: clicked.filter(() => rnd() < 0.2) } },
      data: { clickedAt: null },
    });
    const unclicked = await idsWhere(Prisma.sql`"acceptedAt" IS NOT NULL AND "clickedAt" IS NULL`);
    await db.campaignRecipient.updateMany({
      where: { id: { in: unclicked.filter(() => rnd() < 0.1) } },
      data: { clickedAt: new Date() },
    });
    // New answers: a text some hours after one of the contact's sends (moves firstAnswerAt, by trigger).
    const answerable = await db.$queryRaw<{ conversationId: string; sendAt: Date }[]>`
      SELECT DISTINCT ON (cv.id) cv.id AS "conversationId", COALESCE(r."sentAt", r."acceptedAt") AS "sendAt"
      FROM "CampaignRecipient" r JOIN "Conversation" cv ON cv."contactId" = r."contactId"
      WHERE COALESCE(r."sentAt", r."acceptedAt") IS NOT NULL ORDER BY cv.id, r.id`;
    for (const a of answerable.filter(() => rnd() < 0.25)) {
      await db.message.create({
        data: {
          conversationId: a.conversationId,
          direction: "INBOUND",
          kind: "text",
          text: "later",
          content: { text: "later" },
          createdAt: new Date(a.sendAt.getTime() + Math.floor(rnd() * 48) * HOUR + 500),
        },
      });
    }
    // A send taken back (no send time any more), some sends deleted, one campaign deleted, one contact deleted.
    const accepted = await idsWhere(Prisma.sql`"acceptedAt" IS NOT NULL`);
    await db.campaignRecipient.updateMany({
      where: { id: { in: accepted.filter(() => rnd() < 0.05) } },
      data: { sentAt: null, acceptedAt: null },
    });
    const all = await idsWhere(Prisma.sql`TRUE`);
    await db.campaignRecipient.deleteMany({ where: { id: { in: all.filter(() => rnd() < 0.05) } } });
    await db.campaign.delete({ where: { id: campaigns[2]! } });
    const withSends = await db.$queryRaw<{ contactId: string }[]>`
      SELECT "contactId" FROM "ContactEngagement" WHERE read > 0 ORDER BY "contactId" LIMIT 1`;
    await db.contact.delete({ where: { id: withSends[0]!.contactId } });
    allContacts = allContacts.filter((id) => id !== withSends[0]!.contactId);
    // A new campaign: a draft audience (nothing to sum), then sent in one statement.
    const fresh = await db.campaign.create({
      data: {
        name: "Fresh",
        upstreamName: "fresh",
        status: "RUNNING",
        templateName: "hello",
        templateLanguage: "en",
      },
    });
    await db.campaignRecipient.createMany({
      data: allContacts
        .filter(() => rnd() < 0.3)
        .map((contactId, i) => ({
          campaignId: fresh.id,
          address: `+1999000${String(i).padStart(4, "0")}`,
          contactId,
          variables: {},
        })),
    });
    await db.$executeRaw`UPDATE "CampaignRecipient" SET "acceptedAt" = now() - interval '2 hours', "sentAt" = now() - interval '2 hours'
      WHERE "campaignId" = ${fresh.id} AND hashtext(id) % 3 <> 0`;

    await expectAnyCampaignMatchesRecount();
    // Not vacuous: the writes above reached the sums.
    expect((await engaged(fresh.id, (r) => r.sent)).size).toBeGreaterThan(10);
  });

  it("two transactions changing sends of the same contact at once both count (no lost update)", async () => {
    const [pair] = await db.$queryRaw<{ a: string; b: string; contactId: string }[]>`
      SELECT min(id) AS a, max(id) AS b, "contactId" FROM "CampaignRecipient"
      WHERE "contactId" IS NOT NULL AND "acceptedAt" IS NOT NULL AND "readAt" IS NULL
      GROUP BY "contactId" HAVING count(*) >= 2 ORDER BY "contactId" LIMIT 1`;
    expect(pair).toBeDefined();
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let firstDone = () => {};
    const firstWrote = new Promise<void>((r) => (firstDone = r));
    const first = db.$transaction(async (tx) => {
      await tx.campaignRecipient.update({ where: { id: pair!.a }, data: { readAt: new Date() } });
      firstDone();
      await held;
    });
    await firstWrote;
    const second = db.$transaction(async (tx) => {
      await tx.campaignRecipient.update({ where: { id: pair!.b }, data: { readAt: new Date() } });
    });
    // Release the first only once the second waits on a lock (the contact's sums row), so the two overlap.
    for (let waited = 0; waited < 10_000; waited += 50) {
      const [w] = await db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (w!.n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    release();
    await Promise.all([first, second]);
    const [row] = await db.$queryRaw<{ read: number }[]>`
      SELECT read FROM "ContactEngagement" WHERE "contactId" = ${pair!.contactId}`;
    const [recount] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "CampaignRecipient" WHERE "contactId" = ${pair!.contactId} AND "readAt" IS NOT NULL`;
    expect(recount!.n).toBeGreaterThanOrEqual(2);
    expect(row!.read).toBe(recount!.n);
  });
});
