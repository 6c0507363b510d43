import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { campaignCallbackData } from "../../lib/campaigns/callback-data";
import {
  claimRecipients,
  markAttempts,
  recordAccepted,
  recordFailed,
  recordUnknown,
  releaseRecipients,
  type Accepted,
  type Failed,
  type Unknown,
} from "../../lib/campaigns/engine/recipient-queue";
import { db } from "../../lib/db";
import {
  createCampaign,
  insertRecipients,
  readRollups,
  recount,
  resetAnalyticsTables,
  type SeedRecipient,
} from "./analytics-helpers";
import { webhookRequest } from "./helpers";

// The rollups are only worth anything if they equal a recount. Here the campaign engine's own queue functions
// claim and settle recipients, then a shuffled stream of delivery webhooks (duplicated, out of order, several
// at once) and customer replies goes through the real webhook route; afterwards every counter, breakdown,
// minute bucket and reply must equal what an independent recount of the rows says.

const SEED = Number(process.env.ANALYTICS_TEST_SEED ?? Date.now() % 1_000_000);
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const rand = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const business = { id: "+14155550100", channelType: "whatsapp", name: "acme" };
const FAILURES = [
  "ERROR_CODE_MESSAGE_PHONE_NUMBER_INVALID",
  "ERROR_CODE_BUSINESS_REACHED_LIMITS",
  "131026",
  "ERROR_CODE_UNSPECIFIED",
];
const secs = (ms: number) => String(Math.floor(ms / 1000));

type Recipient = { id: string; address: string; phone: string | null; bsuid: string | null };

function customer(r: Recipient) {
  return r.bsuid
    ? { id: r.bsuid, userId: r.bsuid, phoneNumber: "", channelType: "whatsapp" }
    : { id: r.phone, channelType: "whatsapp" };
}

function statusBody(campaignId: string, r: Recipient, status: string, atMs: number, error?: string) {
  return {
    topic: "delivery_status",
    timestamp: secs(atMs),
    sender: business,
    recipient: customer(r),
    statusUpdate: {
      id: `up-${r.id}`,
      status,
      error: error ? { code: error, type: "ERROR_TYPE_INVALID_REQUEST", message: "failed" } : null,
    },
    callbackData: campaignCallbackData({ campaignId, recipientId: r.id }),
  };
}

function inboundBody(r: Recipient, atMs: number, n: number) {
  return {
    topic: "messages",
    timestamp: secs(atMs),
    sender: customer(r),
    recipient: business,
    message: { id: `in-${r.id}-${n}`, text: "Thanks!" },
  };
}

async function postAll(bodies: unknown[], concurrency: number) {
  let next = 0;
  const statuses: number[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        statuses.push((await webhookPOST(webhookRequest(body))).status);
      }
    }),
  );
  return statuses;
}

/** The engine's path for every recipient: claim, maybe hand back, mark the attempt, record an outcome. */
async function runEngine(campaignId: string, baseMs: number) {
  const worker = "analytics-test-worker";
  let tick = 0;
  for (;;) {
    const claimed = await claimRecipients(campaignId, 40, worker);
    if (claimed.length === 0) break;
    const sending = claimed.filter((c) => c.state === "SENDING").map((c) => c.id);
    const handBack = sending.filter(() => rand() < 0.1);
    await releaseRecipients(handBack, worker);
    const attempted = await markAttempts(
      sending.filter((id) => !handBack.includes(id)),
      worker,
    );
    const accepted: Accepted[] = [];
    const failed: Failed[] = [];
    const unknown: Unknown[] = [];
    for (const id of attempted) {
      const at = new Date(baseMs + tick++ * 1500);
      const roll = rand();
      if (roll < 0.82) accepted.push({ id, upstreamId: `up-${id}`, at });
      else if (roll < 0.92)
        failed.push({
          id,
          code: "ERROR_CODE_MESSAGE_TEMPLATE_INPUT_INVALID",
          title: "Template variables invalid",
          detail: {},
          at,
        });
      else unknown.push({ id, code: "UPSTREAM_TIMEOUT", title: "Timed out", detail: {} });
    }
    // Batches in a random order, as separate flushes of a worker would land.
    for (const record of shuffle([
      () => recordAccepted(accepted),
      () => recordFailed(failed),
      () => recordUnknown(unknown),
    ]))
      await record();
  }
}

beforeEach(resetAnalyticsTables);
afterAll(resetAnalyticsTables);

describe("analytics rollups under the campaign engine and webhook traffic", () => {
  it(`equal a recount after duplicate, out-of-order and concurrent events (seed ${SEED})`, async () => {
    const baseMs = Date.now() - 3 * 3_600_000;
    const campaignId = await createCampaign({ startedAt: new Date(baseMs) });
    const other = await createCampaign();

    const seeds: SeedRecipient[] = Array.from({ length: 260 }, (_, i): SeedRecipient => {
      if (i % 13 === 0)
        return {
          address: `bsuid:US.an${i}x`,
          bsuid: `US.an${i}x`,
          country: "US",
          variables: { body_1: `Guest ${i}` },
        };
      const [prefix, country] = pick([
        ["+4477009", "GB"],
        ["+1415555", "US"],
        ["+5511987", "BR"],
        ["+4915123", null],
      ] as const);
      return {
        address: `${prefix}${String(10_000 + i).slice(-4)}`,
        country,
        variables: { body_1: `Name ${i}`, body_2: `A-${i}` },
      };
    });
    const ids = await insertRecipients(campaignId, seeds);
    await insertRecipients(other, [
      {
        address: "+447700900999",
        country: "GB",
        state: "READ",
        acceptedAt: new Date(),
        deliveredAt: new Date(),
        readAt: new Date(),
      },
    ]);
    const recipients: Recipient[] = ids.map((id, i) => ({
      id,
      address: seeds[i]!.address,
      phone: seeds[i]!.bsuid ? null : seeds[i]!.address,
      bsuid: seeds[i]!.bsuid ?? null,
    }));

    // Some customers opted out since the import: the engine skips them at claim time.
    for (const r of recipients.filter((_, i) => i % 17 === 5 && !recipients[i]!.bsuid)) {
      await db.contact.create({ data: { phone: r.phone, optedOut: true } });
    }
    await runEngine(campaignId, baseMs);

    const settled = await db.campaignRecipient.findMany({
      where: { campaignId },
      select: { id: true, state: true, acceptedAt: true },
    });
    const bodies: unknown[] = [];
    for (const row of settled.filter((s) => s.state === "SENT" || s.state === "UNKNOWN")) {
      const r = recipients.find((x) => x.id === row.id)!;
      const t = row.acceptedAt?.getTime() ?? baseMs;
      const roll = rand();
      const events: [string, number, string?][] = [];
      if (roll < 0.85) events.push(["sent", t + 2_000]);
      if (roll < 0.7) events.push(["delivered", t + 5_000 + rand() * 600_000]);
      if (roll < 0.5) events.push(["read", t + 900_000 + rand() * 3_600_000]);
      if (roll >= 0.7 && roll < 0.85) events.push(["delivery_failed", t + 4_000, pick(FAILURES)]);
      // A failure report that loses to proof of delivery (rank), and a late duplicate of a settled status.
      if (roll < 0.05) events.push(["delivery_failed", t + 3_000, "131026"]);
      for (const [status, at, error] of events) {
        const copies = rand() < 0.35 ? 2 + Math.floor(rand() * 2) : 1;
        for (let c = 0; c < copies; c++) bodies.push(statusBody(campaignId, r, status, at, error));
      }
      const delivered = events.find((e) => e[0] === "delivered")?.[1];
      if (delivered !== undefined && rand() < 0.4) {
        // Before delivery (not a reply), inside the 24 h window, and too late.
        const offsets = [-600_000, 60_000 + rand() * 3_600_000, 23 * 3_600_000, 25 * 3_600_000];
        const n = 1 + Math.floor(rand() * 2);
        for (let k = 0; k < n; k++) bodies.push(inboundBody(r, delivered + pick(offsets), k));
      }
    }
    const statuses = await postAll(shuffle(bodies), 6);
    expect(
      statuses.every((s) => s === 200),
      `every webhook answered 200 (seed ${SEED})`,
    ).toBe(true);

    // Edits the engine never makes, but the triggers must follow: a corrected country, removed recipients,
    // a delivery time moved so that a reply falls outside the window.
    await db.$executeRaw`UPDATE "CampaignRecipient" SET country = 'IE' WHERE id = ANY(${ids.slice(1, 4)}::text[])`;
    await db.$executeRaw`DELETE FROM "CampaignRecipient" WHERE id = ANY(${ids.slice(20, 25)}::text[])`;
    const replied = await db.analyticsReply.findFirst({
      where: { campaignId },
      select: { recipientId: true },
    });
    if (replied) {
      await db.$executeRaw`UPDATE "CampaignRecipient" SET "deliveredAt" = "deliveredAt" - interval '3 days' WHERE id = ${replied.recipientId}`;
    }

    const expected = await recount([campaignId, other]);
    const actual = await readRollups([campaignId, other]);
    expect(Object.keys(expected.replies).length, "the stream produced replies to check").toBeGreaterThan(0);
    expect(
      Object.keys(expected.breakdown).some((k) => k.includes("|error|")),
      "and failures",
    ).toBe(true);
    expect(actual.counters, `counters (seed ${SEED})`).toEqual(expected.counters);
    expect(actual.breakdown, `breakdown (seed ${SEED})`).toEqual(expected.breakdown);
    expect(actual.minutes, `minute buckets (seed ${SEED})`).toEqual(expected.minutes);
    expect(actual.replies, `replies (seed ${SEED})`).toEqual(expected.replies);

    // The one-time backfill path gives the same tables.
    await db.$executeRaw`SELECT analytics_rebuild(${campaignId})`;
    expect(await readRollups([campaignId, other])).toEqual(actual);
  });

  it("counts a reply whichever arrives first, the message or the delivered status", async () => {
    const campaignId = await createCampaign();
    const [early, late] = await insertRecipients(campaignId, [
      { address: "+447700900111", state: "SENT", acceptedAt: new Date() },
      { address: "+447700900222", state: "SENT", acceptedAt: new Date() },
    ]);
    const now = Date.now();
    const r1 = { id: early!, address: "+447700900111", phone: "+447700900111", bsuid: null };
    const r2 = { id: late!, address: "+447700900222", phone: "+447700900222", bsuid: null };
    // r1: the customer's message is stored before the (delayed) delivered webhook.
    await postAll([inboundBody(r1, now - 60_000, 1)], 1);
    await postAll([statusBody(campaignId, r1, "delivered", now - 120_000)], 1);
    // r2: delivered first, then the reply; then an earlier message arrives late and becomes the first reply.
    await postAll([statusBody(campaignId, r2, "delivered", now - 600_000)], 1);
    await postAll([inboundBody(r2, now - 60_000, 1)], 1);
    await postAll([inboundBody(r2, now - 300_000, 2)], 1);

    const rollups = await readRollups([campaignId]);
    expect(rollups.replies).toEqual({
      [early!]: new Date(Math.floor((now - 60_000) / 1000) * 1000).toISOString(),
      [late!]: new Date(Math.floor((now - 300_000) / 1000) * 1000).toISOString(),
    });
    expect(rollups.counters[`${campaignId}|REPLIED`]).toBe(2);
    expect(rollups).toEqual(await recount([campaignId]));
  });

  it.each([
    ["the delivered status", "the message"],
    ["the message", "the delivered status"],
  ])("counts a reply when %s and %s are written at the same moment", async (first) => {
    const campaignId = await createCampaign();
    const phone = "+447700900444";
    const [id] = await insertRecipients(campaignId, [
      { address: phone, state: "SENT", acceptedAt: new Date() },
    ]);
    const contact = await db.contact.create({ data: { phone } });
    const conversation = await db.conversation.create({ data: { contactId: contact.id } });
    const delivered = new Date(Date.now() - 120_000);
    // Two transactions, each writing before the other commits: neither can see the other's row.
    const [a, b] = [
      new pg.Client({ connectionString: process.env.DATABASE_URL }),
      new pg.Client({ connectionString: process.env.DATABASE_URL }),
    ];
    await Promise.all([a.connect(), b.connect()]);
    try {
      const deliver = (c: pg.Client) =>
        c.query(
          `UPDATE "CampaignRecipient" SET state = 'DELIVERED', "stateRank" = 4, "deliveredAt" = $2 WHERE id = $1`,
          [id, delivered],
        );
      const write = (c: pg.Client) =>
        c.query(
          `INSERT INTO "Message" (id, "conversationId", direction, kind, text, content, "createdAt") VALUES ($1, $2, 'INBOUND', 'text', 'hi', '{}', $3)`,
          [
            `race-${id}`,
            conversation.id,
            new Date(delivered.getTime() + 60_000).toISOString().replace("Z", ""),
          ],
        );
      const [firstWrite, secondWrite] = first === "the message" ? [write, deliver] : [deliver, write];
      await a.query("BEGIN");
      await b.query("BEGIN");
      await firstWrite(a);
      const second = secondWrite(b);
      await new Promise((r) => setTimeout(r, 150));
      await a.query("COMMIT");
      await second;
      await b.query("COMMIT");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    const rollups = await readRollups([campaignId]);
    expect(Object.keys(rollups.replies)).toEqual([id]);
    expect(rollups).toEqual(await recount([campaignId]));
  });

  it("drops every rollup of a deleted campaign and keeps the others", async () => {
    const gone = await createCampaign({ status: "DRAFT" });
    const kept = await createCampaign();
    const at = new Date();
    await insertRecipients(gone, [
      { address: "+447700900301", state: "DELIVERED", acceptedAt: at, deliveredAt: at },
    ]);
    await insertRecipients(kept, [
      { address: "+447700900302", state: "DELIVERED", acceptedAt: at, deliveredAt: at },
    ]);
    await db.campaign.delete({ where: { id: gone } });
    for (const table of ["AnalyticsCampaignCounter", "AnalyticsCampaignBreakdown", "AnalyticsMinute"]) {
      const rows = await db.$queryRawUnsafe<{ campaignId: string }[]>(
        `SELECT DISTINCT "campaignId" FROM "${table}"`,
      );
      expect(
        rows.map((r) => r.campaignId),
        table,
      ).toEqual([kept]);
    }
    expect(await readRollups([kept])).toEqual(await recount([kept]));
  });
});
