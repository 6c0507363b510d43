import { afterAll, beforeEach, expect, it } from "vitest";
import { db } from "../../lib/db";
import { claimRecipients } from "../../lib/campaigns/engine/recipient-queue";
import { createCampaign, insertRecipients, resetAnalyticsTables } from "./analytics-helpers";

// Two workers claiming at once get disjoint recipients because of the claim's own row lock
// (`FOR UPDATE ... SKIP LOCKED` in claimRecipients), not because of a later guard (markAttempts).
//
// A whole claim cannot be held open in a transaction to test this: its analytics triggers upsert the campaign's
// counter rows, so a second claim would queue behind those (and rightly so). The held-open transaction therefore
// takes exactly the lock a claim in progress holds on its rows (FOR UPDATE of the first PENDING rows in seq
// order); the second worker's claim is the production statement.

beforeEach(resetAnalyticsTables);
afterAll(resetAnalyticsTables);

const sleep = (ms: number) => new Promise<"still waiting">((r) => setTimeout(() => r("still waiting"), ms));

async function seedRunningCampaign(count: number) {
  const campaignId = await createCampaign({ status: "RUNNING" });
  await insertRecipients(
    campaignId,
    Array.from({ length: count }, (_, i) => ({ address: `+1415300${String(i).padStart(4, "0")}` })),
  );
  return campaignId;
}

it("a claim while another worker's claim holds the first rows skips them: it neither waits nor takes them", async () => {
  const campaignId = await seedRunningCampaign(30);
  let commitFirst: () => void = () => {};
  const firstMayCommit = new Promise<void>((r) => (commitFirst = r));
  let firstLocked: (ids: string[]) => void = () => {};
  const firstHasLocked = new Promise<string[]>((r) => (firstLocked = r));

  const first = db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "CampaignRecipient" WHERE "campaignId" = ${campaignId} AND state = 'PENDING'
        ORDER BY seq LIMIT 10 FOR UPDATE`;
      firstLocked(rows.map((r) => r.id));
      await firstMayCommit;
    },
    { timeout: 20_000 },
  );
  const held = await firstHasLocked;
  expect(held).toHaveLength(10);

  const second = claimRecipients(campaignId, 10, "lock-worker-b").then((rows) => rows.map((r) => r.id));
  const whileFirstOpen = await Promise.race([second, sleep(3000)]);
  commitFirst();
  await first;
  const claimed = await second;

  expect(
    whileFirstOpen,
    "the claim waited for the other worker's locked rows: it does not skip locked rows",
  ).not.toBe("still waiting");
  expect(claimed).toHaveLength(10);
  expect(
    claimed.filter((id) => held.includes(id)),
    "rows locked by the other worker that this claim took",
  ).toEqual([]);
  const states = await db.campaignRecipient.findMany({
    where: { id: { in: held } },
    select: { state: true, workerId: true },
  });
  expect(states.every((r) => r.state === "PENDING" && r.workerId === null)).toBe(true);
});

it("eight workers claiming the same campaign at once each get their own recipients, and every recipient is claimed once", async () => {
  const campaignId = await seedRunningCampaign(400);
  const workers = Array.from({ length: 8 }, (_, i) => `race-worker-${i}`);
  const claims = new Map<string, string[]>(workers.map((w) => [w, []]));
  await Promise.all(
    workers.map(async (worker) => {
      for (;;) {
        const recipients = await claimRecipients(campaignId, 7, worker);
        if (recipients.length === 0) return;
        claims.get(worker)!.push(...recipients.map((r) => r.id));
      }
    }),
  );
  const all = [...claims.values()].flat();
  expect(all).toHaveLength(400);
  expect(new Set(all).size).toBe(400);
  const rows = await db.campaignRecipient.findMany({
    where: { campaignId },
    select: { id: true, state: true, workerId: true },
  });
  const owner = new Map(rows.map((r) => [r.id, r.workerId]));
  expect(rows.every((r) => r.state === "SENDING")).toBe(true);
  for (const [worker, ids] of claims)
    expect(
      ids.filter((id) => owner.get(id) !== worker),
      worker,
    ).toEqual([]);
});
