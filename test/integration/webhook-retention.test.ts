import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import * as retentionRoute from "../../app/api/settings/retention/route";
import { POST as webhookPOST } from "../../app/api/webhooks/connectly/route";
import { db } from "../../lib/db";
import { purgeOldWebhookEvents } from "../../lib/webhooks/purge-old-webhook-events";
import { withRetentionLock } from "../../lib/webhooks/retention-scheduler";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest } from "./helpers";
import { createUser, ctx, json, request, sessionCookie } from "./security-helpers";

// Webhook event retention: back-dated events past their retention are deleted in batches (INVALID kept longer),
// newer ones stay, the days are an audited admin setting, and one instance purges at a time.

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date();

type State = "PROCESSED" | "DUPLICATE" | "PENDING" | "INVALID" | "IGNORED";
async function events(state: State, ageDays: number, count = 1) {
  const receivedAt = new Date(NOW.getTime() - ageDays * DAY);
  await db.webhookEvent.createMany({
    data: Array.from({ length: count }, () => ({
      id: randomUUID(),
      eventKey: state === "INVALID" ? null : randomUUID(),
      topic: "delivery_status",
      state,
      rawBody: "{}",
      receivedAt,
    })),
  });
}
const countBy = async () =>
  Object.fromEntries(
    (await db.webhookEvent.groupBy({ by: ["state"], _count: { _all: true } })).map((g) => [
      g.state,
      g._count._all,
    ]),
  );

beforeEach(truncateAll);
afterAll(truncateAll);

describe("purgeOldWebhookEvents", () => {
  it("deletes events past the default 30 days in batches, keeps INVALID ones for 90 days", async () => {
    await events("PROCESSED", 31, 7); // 7 old: with batches of 3, three batches (3 + 3 + 1)
    await events("PROCESSED", 29, 2);
    await events("DUPLICATE", 45);
    await events("IGNORED", 31);
    await events("PENDING", 60); // never matched a message: gone too
    await events("INVALID", 31);
    await events("INVALID", 91, 2);

    const result = await purgeOldWebhookEvents({ batchSize: 3, pauseMs: 0, now: NOW });
    expect(result.deleted).toBe(7 + 1 + 1 + 1 + 2);
    expect(result.batches).toBe(3 + 1 + 1 + 1 + 1);
    expect(await countBy()).toEqual({ PROCESSED: 2, INVALID: 1 });
    expect((await purgeOldWebhookEvents({ pauseMs: 0, now: NOW })).deleted).toBe(0);
  });

  it("stops between batches when asked (server shutting down)", async () => {
    await events("PROCESSED", 40, 5);
    let batches = 0;
    const result = await purgeOldWebhookEvents({
      batchSize: 2,
      pauseMs: 0,
      now: NOW,
      shouldStop: () => batches++ >= 1,
    });
    expect(result.deleted).toBe(2);
    expect(await db.webhookEvent.count()).toBe(3);
  });

  it("leaves webhooks arriving during a purge alone", async () => {
    await events("PROCESSED", 40, 3000);
    let purging = true;
    const purge = purgeOldWebhookEvents({ batchSize: 100, pauseMs: 5, now: NOW }).finally(
      () => (purging = false),
    );
    // One after another while the purge runs (concurrent inbound webhooks compete for Prisma's pool on their own).
    const answers: number[] = [];
    let duringPurge = 0;
    for (let i = 0; i < 20; i++) {
      const res = await webhookPOST(
        webhookRequest({
          topic: "messages",
          timestamp: unixSeconds(),
          sender: { channelType: "whatsapp", id: uniquePhone() },
          recipient: { id: "+14155550100", channelType: "whatsapp" },
          message: { text: { body: `during purge ${i}` } },
        }),
      );
      answers.push(res.status);
      if (purging) duringPurge++;
    }
    expect((await purge).deleted).toBe(3000);
    expect(duringPurge).toBeGreaterThan(0);
    expect(answers).toEqual(Array(20).fill(200));
    expect(await countBy()).toEqual({ PROCESSED: 20 });
  });
});

describe("one purge at a time", () => {
  it("a second instance skips the round while the first holds the lock", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = withRetentionLock(() => held);
    await new Promise((r) => setTimeout(r, 200)); // the first has its lock
    expect(await withRetentionLock(() => Promise.resolve("ran"))).toEqual({ acquired: false });
    release();
    expect(await first).toEqual({ acquired: true, result: undefined });
    expect(await withRetentionLock(() => Promise.resolve("ran"))).toEqual({ acquired: true, result: "ran" });
  });
});

describe("/api/settings/retention", () => {
  const patch = async (cookie: string, body: unknown) =>
    json<{
      retention: { days: number; invalidDays: number; saved: { days: boolean } };
      error?: { code: string; details?: unknown };
    }>(
      await retentionRoute.PATCH(
        request("/api/settings/retention", { method: "PATCH", cookie, body }),
        ctx(),
      ),
    );

  it("shows the defaults, saves new days with an audit entry, and the purge uses them", async () => {
    const admin = await createUser("ADMIN");
    const cookie = await sessionCookie(admin);
    const shown = await json<{ retention: unknown }>(
      await retentionRoute.GET(request("/api/settings/retention", { cookie }), ctx()),
    );
    expect(shown.body.retention).toEqual({
      days: 30,
      invalidDays: 90,
      saved: { days: false, invalidDays: false },
    });

    const saved = await patch(cookie, { days: 7 });
    expect(saved.status).toBe(200);
    expect(saved.body.retention).toEqual({
      days: 7,
      invalidDays: 90,
      saved: { days: true, invalidDays: false },
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "settings.retention_updated" } });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.details).toEqual({ changes: { days: { from: 30, to: 7 } } });

    await events("PROCESSED", 8);
    await events("PROCESSED", 6);
    expect((await purgeOldWebhookEvents({ pauseMs: 0, now: NOW })).deleted).toBe(1);

    const reset = await patch(cookie, { days: null });
    expect(reset.body.retention).toMatchObject({ days: 30, saved: { days: false } });
  });

  it.each([
    ["zero days", { days: 0 }],
    ["a fraction", { days: 1.5 }],
    ["a string", { invalidDays: "30" }],
    ["more than ten years", { days: 3651 }],
    ["nothing", {}],
    ["an unknown field", { days: 30, keepForever: true }],
  ])("refuses %s with 422 and saves nothing", async (_name, body) => {
    const cookie = await sessionCookie(await createUser("ADMIN"));
    const res = await patch(cookie, body);
    expect(res.status).toBe(422);
    expect(await db.auditLog.count({ where: { action: "settings.retention_updated" } })).toBe(0);
  });

  it("is admin-only", async () => {
    const res = await patch(await sessionCookie(await createUser("CAMPAIGN_MANAGER")), { days: 1 });
    expect(res.status).toBe(403);
  });
});
