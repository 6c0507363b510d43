import "server-only";
import { db } from "../../db";
import { Prisma } from "../../generated/prisma/client";

// The durable queue is the recipient table itself. The exactly-once rule for a recipient:
//   claim      PENDING -> SENDING (workerId = me, sendingAt NULL)       FOR UPDATE SKIP LOCKED, in seq order
//   attempt    sendingAt = now(), only where still SENDING/mine/NULL     committed BEFORE the request goes out
//   outcome    SENT (+ upstream id) | FAILED | UNKNOWN                   buffered, flushed in batches
// A claimed row that was never attempted (sendingAt NULL) is safe to hand back to PENDING; an attempted one
// never goes back: if its worker dies it becomes UNKNOWN, and only a webhook carrying its callbackData (proof
// that Connectly got it) moves it on.

export type ClaimedRecipient = {
  id: string;
  state: "SENDING" | "SKIPPED";
  phone: string | null;
  bsuid: string | null;
  variables: Record<string, string>;
  /** Flow campaigns: when Connectly should start the flow (null = now). */
  flowScheduledAt: Date | null;
};

/**
 * Claims up to `limit` recipients of a running campaign, in seq order. Recipients who opted out since the
 * import are skipped here, at send time, and returned as SKIPPED so the caller can count them. When they go
 * out is the send budget's decision (lib/send-budget/), asked by the worker right after.
 */
export async function claimRecipients(
  campaignId: string,
  limit: number,
  workerId: string,
  now: Date = new Date(),
): Promise<ClaimedRecipient[]> {
  // A recipient held by a send policy (quiet hours, a delayed retry: lib/campaigns/policies/) waits for notBefore.
  return db.$queryRaw<ClaimedRecipient[]>`
    WITH picked AS (
      SELECT r.id,
        (EXISTS (SELECT 1 FROM "Contact" c WHERE c.phone = r.phone AND c."optedOut")
          OR EXISTS (SELECT 1 FROM "Contact" c WHERE c.bsuid = r.bsuid AND c."optedOut")) AS opted_out
      FROM "CampaignRecipient" r
      WHERE r."campaignId" = ${campaignId} AND r.state = 'PENDING'
        AND (r."notBefore" IS NULL OR r."notBefore" <= ${now})
        AND EXISTS (SELECT 1 FROM "Campaign" WHERE id = ${campaignId} AND status = 'RUNNING')
      ORDER BY r.seq
      LIMIT ${limit}
      FOR UPDATE OF r SKIP LOCKED
    ),
    claimed AS (
      UPDATE "CampaignRecipient" r SET
        state = (CASE WHEN p.opted_out THEN 'SKIPPED' ELSE 'SENDING' END)::"CampaignRecipientState",
        "stateRank" = CASE WHEN p.opted_out THEN 9 ELSE 1 END,
        "skipReason" = CASE WHEN p.opted_out THEN 'OPTED_OUT' END,
        "workerId" = ${workerId},
        "sendingAt" = NULL
      FROM picked p
      WHERE r.id = p.id
      RETURNING r.id, r.seq, r.state, r.phone, r.bsuid, r.variables, r."flowScheduledAt"
    )
    SELECT c.id, c.state::text AS state, c.phone, c.bsuid, c.variables, c."flowScheduledAt" FROM claimed c ORDER BY c.seq`;
}

/**
 * Marks the send attempt; returns the ids still ours to send (never send one that is not returned). A campaign
 * paused or cancelled meanwhile returns none: this is the last check before a request goes out.
 */
export async function markAttempts(ids: string[], workerId: string): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "CampaignRecipient" r SET "sendingAt" = now()
    FROM "Campaign" c
    WHERE r.id = ANY(${ids}::text[]) AND r.state = 'SENDING' AND r."workerId" = ${workerId} AND r."sendingAt" IS NULL
      AND c.id = r."campaignId" AND c.status = 'RUNNING'
    RETURNING r.id`;
  return new Set(rows.map((r) => r.id));
}

/**
 * Hands back claims that were never attempted, or whose attempt certainly did not reach Connectly (429,
 * connection refused). A cancelled campaign's are skipped instead of re-queued.
 */
export async function releaseRecipients(ids: string[], workerId: string): Promise<number> {
  if (ids.length === 0) return 0;
  return db.$executeRaw`
    UPDATE "CampaignRecipient" r SET
      state = (CASE WHEN c.status = 'CANCELLED' THEN 'SKIPPED' ELSE 'PENDING' END)::"CampaignRecipientState",
      "stateRank" = CASE WHEN c.status = 'CANCELLED' THEN 9 ELSE 0 END,
      "skipReason" = CASE WHEN c.status = 'CANCELLED' THEN 'CANCELLED' END,
      "workerId" = NULL, "sendingAt" = NULL
    FROM "Campaign" c
    WHERE c.id = r."campaignId" AND r.id = ANY(${ids}::text[]) AND r.state = 'SENDING' AND r."workerId" = ${workerId}`;
}

/** upstreamId: the message id (template sends); a flow entry has none, only its sendoutId. */
export type Accepted = { id: string; upstreamId: string | null; at: Date; sendoutId?: string | null };
export type Failed = { id: string; code: string; title: string; detail: unknown; at: Date };
export type Unknown = { id: string; code: string; title: string; detail: unknown };

// Outcomes are applied with the same rank rule as webhooks, because a webhook may have got there first.
// Their rows are locked in id order first, as the webhook status batches do (lib/webhooks/status-batch-sql.ts):
// a batch of outcomes and a batch of webhooks touching the same recipients then queue, never deadlock.
function lockedInIdOrder(ids: string[]): Prisma.Sql {
  return Prisma.sql`WITH locked AS MATERIALIZED (
    SELECT id FROM "CampaignRecipient" WHERE id = ANY(${ids}::text[]) ORDER BY id FOR UPDATE)`;
}

export async function recordAccepted(rows: Accepted[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    ${lockedInIdOrder(rows.map((r) => r.id))}
    UPDATE "CampaignRecipient" r SET
      state = CASE WHEN r."stateRank" < 2 THEN 'SENT'::"CampaignRecipientState" ELSE r.state END,
      "stateRank" = GREATEST(r."stateRank", 2),
      "upstreamId" = COALESCE(r."upstreamId", v.upstream_id),
      "sendoutId" = COALESCE(v.sendout_id, r."sendoutId"),
      "acceptedAt" = v.at
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.upstreamId)}::text[],
                ${rows.map((r) => r.at.toISOString())}::timestamptz[], ${rows.map((r) => r.sendoutId ?? null)}::text[]) AS v(id, upstream_id, at, sendout_id)
    WHERE r.id = v.id AND r.id IN (SELECT id FROM locked)`;
}

export async function recordFailed(rows: Failed[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    ${lockedInIdOrder(rows.map((r) => r.id))}
    UPDATE "CampaignRecipient" r SET
      state = CASE WHEN r."stateRank" < 3 THEN 'FAILED'::"CampaignRecipientState" ELSE r.state END,
      "errorCode" = CASE WHEN r."stateRank" < 3 THEN v.code ELSE r."errorCode" END,
      "errorTitle" = CASE WHEN r."stateRank" < 3 THEN v.title ELSE r."errorTitle" END,
      "errorDetail" = CASE WHEN r."stateRank" < 3 THEN v.detail ELSE r."errorDetail" END,
      "stateRank" = GREATEST(r."stateRank", 3),
      "failedAt" = COALESCE(r."failedAt", v.at)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.title)}::text[],
                ${rows.map((r) => JSON.stringify(r.detail ?? null))}::jsonb[], ${rows.map((r) => r.at.toISOString())}::timestamptz[])
      AS v(id, code, title, detail, at)
    WHERE r.id = v.id AND r.id IN (SELECT id FROM locked)`;
}

export async function recordUnknown(rows: Unknown[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    ${lockedInIdOrder(rows.map((r) => r.id))}
    UPDATE "CampaignRecipient" r SET
      state = 'UNKNOWN', "errorCode" = v.code, "errorTitle" = v.title, "errorDetail" = v.detail
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.title)}::text[],
                ${rows.map((r) => JSON.stringify(r.detail ?? null))}::jsonb[]) AS v(id, code, title, detail)
    WHERE r.id = v.id AND r.state = 'SENDING' AND r.id IN (SELECT id FROM locked)`;
}
