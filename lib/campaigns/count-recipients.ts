import "server-only";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { RECIPIENT_STATES, type RecipientState } from "./states";

// Campaign counters are recounts of the recipients' states, never increments: each recipient's state is
// monotonic and idempotent under duplicate or out-of-order webhooks, so a count of them is too.

export type RecipientCounts = {
  total: number;
  byState: Record<RecipientState, number>;
  replied: number;
};

export function emptyCounts(): RecipientCounts {
  return {
    total: 0,
    byState: Object.fromEntries(RECIPIENT_STATES.map((s) => [s, 0])) as Record<RecipientState, number>,
    replied: 0,
  };
}

export async function countRecipients(campaignId: string): Promise<RecipientCounts> {
  const rows = await db.$queryRaw<{ state: RecipientState; n: number; replied: number }[]>`
    SELECT state::text AS state, count(*)::int AS n, count("repliedAt")::int AS replied
    FROM "CampaignRecipient" WHERE "campaignId" = ${campaignId}
    GROUP BY state`;
  const counts = emptyCounts();
  for (const row of rows) {
    counts.byState[row.state] = row.n;
    counts.total += row.n;
    counts.replied += row.replied;
  }
  return counts;
}

/** Recounts and stores the snapshot the campaign list shows. */
export async function refreshCampaignStats(campaignId: string): Promise<RecipientCounts> {
  // Cleared before counting: a webhook landing during the count sets it again, so nothing is missed.
  await db.$executeRaw`UPDATE "Campaign" SET "statsDirty" = false WHERE id = ${campaignId}`;
  const counts = await countRecipients(campaignId);
  await db.$executeRaw`
    UPDATE "Campaign" SET stats = ${JSON.stringify(counts)}::jsonb, "statsAt" = now() WHERE id = ${campaignId}`;
  return counts;
}

/** Asks the worker to recount (cheap when already asked: no row is written). */
export function markStatsDirtySql(campaignId: string | Prisma.Sql): Prisma.Sql {
  return Prisma.sql`UPDATE "Campaign" SET "statsDirty" = true WHERE id = ${campaignId} AND NOT "statsDirty"`;
}
