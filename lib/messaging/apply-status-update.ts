import "server-only";
import { randomUUID } from "node:crypto";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { parseWebhookBody, type NormalizedWebhookEvent } from "../connectly/webhook";
import { Prisma } from "../generated/prisma/client";
import { db } from "../db";
import { INBOX_CHANNEL } from "../realtime/events";
import { STATUS_RANK, WEBHOOK_STATUS } from "./status";

type StatusEvent = Extract<NormalizedWebhookEvent, { kind: "status" }>;
export type StatusOutcome = "PROCESSED" | "PENDING" | "DUPLICATE";

/**
 * The conditional update that makes statuses monotonic: the status moves only to a higher rank, each stage's
 * timestamp is kept from its first report (a late `delivered` after `read` still records when it arrived),
 * and the failure details are written only when the failure itself applies. One row, one statement: safe
 * under concurrent deliveries without explicit locks.
 */
function statusUpdateSql(event: StatusEvent, guard: Prisma.Sql): Prisma.Sql {
  const status = WEBHOOK_STATUS[event.status];
  const rank = STATUS_RANK[status];
  const explanation = event.status === "delivery_failed" ? explainUpstreamError(event.error) : null;
  const at = event.timestamp;
  const stageColumn = {
    sent: Prisma.sql`"sentAt"`,
    delivered: Prisma.sql`"deliveredAt"`,
    read: Prisma.sql`"readAt"`,
    delivery_failed: Prisma.sql`"failedAt"`,
  }[event.status];
  return Prisma.sql`
    UPDATE "Message" AS m SET
      status = CASE WHEN m."statusRank" < ${rank} THEN ${status}::"MessageStatus" ELSE m.status END,
      "statusRank" = GREATEST(m."statusRank", ${rank}),
      ${stageColumn} = COALESCE(m.${stageColumn}, ${at}),
      "errorCode" = CASE WHEN m."statusRank" < ${rank} AND ${explanation !== null} THEN ${explanation?.code ?? null} ELSE m."errorCode" END,
      "errorTitle" = CASE WHEN m."statusRank" < ${rank} AND ${explanation !== null} THEN ${explanation?.title ?? null} ELSE m."errorTitle" END,
      "errorDetail" = CASE WHEN m."statusRank" < ${rank} AND ${explanation !== null} THEN ${event.error ? JSON.stringify(event.error) : null}::jsonb ELSE m."errorDetail" END
    WHERE m."upstreamId" = ${event.upstreamId} ${guard}
    RETURNING m.id, m."conversationId", m.status`;
}

function notifySql(updated: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT pg_notify(${INBOX_CHANNEL}, json_build_object(
      'type', 'message.status', 'conversationId', u."conversationId", 'messageId', u.id, 'status', u.status)::text)
    FROM ${updated} u`;
}

/**
 * Records a delivery-status webhook and applies it, in one statement: the event row is inserted unless its
 * key was seen (duplicate), the message is updated only when the event is new, and the live notification is
 * sent on commit. A status for an unknown message id is kept as PENDING and applied by
 * `reconcilePendingStatuses` when the send record gets its upstream id.
 */
export async function applyStatusEvent(event: StatusEvent, rawBody: string): Promise<StatusOutcome> {
  const rows = await db.$queryRaw<{ state: StatusOutcome | null }[]>`
    WITH ev AS (
      INSERT INTO "WebhookEvent" (id, "eventKey", topic, state, "upstreamId", "rawBody", "receivedAt", "processedAt")
      VALUES (${randomUUID()}, ${event.eventKey}, 'delivery_status',
        (CASE WHEN EXISTS (SELECT 1 FROM "Message" WHERE "upstreamId" = ${event.upstreamId})
          THEN 'PROCESSED' ELSE 'PENDING' END)::"WebhookEventState",
        ${event.upstreamId}, ${rawBody}, now(), now())
      ON CONFLICT ("eventKey") DO NOTHING
      RETURNING state
    ),
    upd AS (${statusUpdateSql(event, Prisma.sql`AND EXISTS (SELECT 1 FROM ev)`)}),
    notified AS (${notifySql(Prisma.sql`upd`)})
    SELECT (SELECT state::text FROM ev) AS state, (SELECT count(*) FROM notified) AS n`;
  const state = rows[0]?.state ?? null;
  if (state === null) return "DUPLICATE";
  // The send may have stored its upstream id between our EXISTS check and now: look once more.
  if (state === "PENDING") await reconcilePendingStatuses(event.upstreamId);
  return state;
}

/**
 * Applies statuses that arrived before their message had an upstream id. Called by the sender right after it
 * stores the id, and by the webhook path after storing a PENDING event; between the two, whichever commits
 * second sees the other's row, so no status is stranded. Applying twice is harmless (monotonic update).
 */
export async function reconcilePendingStatuses(upstreamId: string): Promise<number> {
  const pending = await db.webhookEvent.findMany({
    where: { upstreamId, state: "PENDING" },
    select: { id: true, rawBody: true },
    orderBy: { receivedAt: "asc" },
  });
  let applied = 0;
  for (const row of pending) {
    const parsed = parseWebhookBody(row.rawBody);
    if (!parsed.ok || parsed.event.kind !== "status") continue;
    const updated = await db.$queryRaw<{ id: string }[]>`
      WITH upd AS (${statusUpdateSql(parsed.event, Prisma.empty)}),
      notified AS (${notifySql(Prisma.sql`upd`)})
      SELECT upd.id FROM upd, (SELECT count(*) FROM notified) n`;
    if (updated.length === 0) continue; // the message is still unknown: stay pending
    await db.webhookEvent.updateMany({
      where: { id: row.id, state: "PENDING" },
      data: { state: "PROCESSED", processedAt: new Date() },
    });
    applied++;
  }
  return applied;
}
