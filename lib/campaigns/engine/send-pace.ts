import "server-only";
import { db } from "../../db";

// Pacing per sender number, shared by every worker through one row: reserving n sends moves the sender's
// clock forward n / rate seconds, and the reserving worker spaces its sends over that window. Two workers on
// one campaign therefore take turns instead of doubling the rate. One statement per window, not per message.

export type SendWindow = {
  /** Local epoch ms of the first slot (the database's clock, translated to this process's). */
  startMs: number;
  spacingMs: number;
  count: number;
};

export function paceKey(sender: string | null): string {
  return sender ?? "default";
}

export async function reserveSendWindow(sender: string | null, count: number, ratePerSecond: number): Promise<SendWindow> {
  const key = paceKey(sender);
  const seconds = count / ratePerSecond;
  const rows = await db.$queryRaw<{ start: number; now: number }[]>`
    WITH ensure AS (
      INSERT INTO "CampaignSenderPace" (sender, "nextSlotAt") VALUES (${key}, clock_timestamp())
      ON CONFLICT (sender) DO NOTHING
    ),
    moved AS (
      UPDATE "CampaignSenderPace" SET
        "nextSlotAt" = GREATEST("nextSlotAt", clock_timestamp()) + ${seconds}::float8 * interval '1 second'
      WHERE sender = ${key}
      RETURNING "nextSlotAt"
    )
    SELECT (extract(epoch FROM "nextSlotAt") * 1000 - ${seconds * 1000}::float8)::float8 AS start,
           (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now
    FROM moved`;
  const row = rows[0];
  const localNow = Date.now();
  // First use of a sender: the insert and the update run on the same snapshot, so the update sees no row.
  if (!row) return reserveSendWindow(sender, count, ratePerSecond);
  return { startMs: localNow + (row.start - row.now), spacingMs: 1000 / ratePerSecond, count };
}

/**
 * After a 429 or an unreachable upstream: no worker sends for this number for the next `ms`. Not additive:
 * a burst of refusals pauses the sender once, not once per refusal.
 */
export async function delaySender(sender: string | null, ms: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "CampaignSenderPace" SET "nextSlotAt" = GREATEST("nextSlotAt", clock_timestamp() + ${ms / 1000}::float8 * interval '1 second')
    WHERE sender = ${paceKey(sender)}`;
}
