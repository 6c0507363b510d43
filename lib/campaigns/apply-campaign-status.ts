import "server-only";
import { randomUUID } from "node:crypto";
import { explainUpstreamError } from "../connectly/error-catalogue";
import type { NormalizedWebhookEvent } from "../connectly/webhook";
import { upsertContact } from "../contacts/upsert-contact";
import { db } from "../db";
import { withConflictRetry } from "../db-retry";
import { Prisma } from "../generated/prisma/client";
import type { CampaignRecipientRef } from "./callback-data";
import { STATE_RANK, WEBHOOK_STATE } from "./states";

type StatusEvent = Extract<NormalizedWebhookEvent, { kind: "status" }>;
export type CampaignStatusOutcome = "PROCESSED" | "DUPLICATE" | "IGNORED";

const OPTED_OUT_CODES = new Set(["ERROR_CODE_MESSAGE_CUSTOMER_OPTED_OUT", "131050"]);

/**
 * A delivery status for a campaign send, found through its callbackData (so it applies even when the worker
 * died before storing the message id; the id is filled in from the event). One statement: the raw event is
 * stored unless its key was seen (duplicate = no-op), the recipient's state only moves up in rank, each
 * stage keeps its first timestamp, and the campaign is flagged for a recount.
 */
export async function applyCampaignStatusEvent(
  event: StatusEvent,
  ref: CampaignRecipientRef,
  rawBody: string,
): Promise<CampaignStatusOutcome> {
  const state = WEBHOOK_STATE[event.status];
  const rank = STATE_RANK[state];
  const failure = event.status === "delivery_failed" ? explainUpstreamError(event.error) : null;
  const at = event.timestamp;
  const stage = {
    sent: Prisma.sql`"sentAt"`,
    delivered: Prisma.sql`"deliveredAt"`,
    read: Prisma.sql`"readAt"`,
    delivery_failed: Prisma.sql`"failedAt"`,
  }[event.status];

  const rows = await db.$queryRaw<{ inserted: number; updated: number; phone: string | null; bsuid: string | null }[]>`
    WITH ev AS (
      INSERT INTO "WebhookEvent" (id, "eventKey", topic, state, "upstreamId", "rawBody", "receivedAt", "processedAt")
      VALUES (${randomUUID()}, ${event.eventKey}, 'delivery_status', 'PROCESSED', ${event.upstreamId}, ${rawBody}, now(), now())
      ON CONFLICT ("eventKey") DO NOTHING
      RETURNING 1
    ),
    upd AS (
      UPDATE "CampaignRecipient" r SET
        state = CASE WHEN r."stateRank" < ${rank} THEN ${state}::"CampaignRecipientState" ELSE r.state END,
        "stateRank" = GREATEST(r."stateRank", ${rank}),
        ${stage} = COALESCE(r.${stage}, ${at}),
        "upstreamId" = COALESCE(r."upstreamId", ${event.upstreamId}),
        "errorCode" = CASE WHEN r."stateRank" < ${rank} AND ${failure !== null} THEN ${failure?.code ?? null} ELSE r."errorCode" END,
        "errorTitle" = CASE WHEN r."stateRank" < ${rank} AND ${failure !== null} THEN ${failure?.title ?? null} ELSE r."errorTitle" END,
        "errorDetail" = CASE WHEN r."stateRank" < ${rank} AND ${failure !== null}
          THEN ${event.error ? JSON.stringify(event.error) : null}::jsonb ELSE r."errorDetail" END
      WHERE r.id = ${ref.recipientId} AND r."campaignId" = ${ref.campaignId} AND EXISTS (SELECT 1 FROM ev)
      RETURNING r."campaignId", r.phone, r.bsuid
    ),
    dirty AS (
      UPDATE "Campaign" c SET "statsDirty" = true FROM upd WHERE c.id = upd."campaignId" AND NOT c."statsDirty" RETURNING 1
    )
    SELECT (SELECT count(*) FROM ev)::int AS inserted, (SELECT count(*) FROM upd)::int AS updated,
           (SELECT phone FROM upd) AS phone, (SELECT bsuid FROM upd) AS bsuid, (SELECT count(*) FROM dirty)::int AS d`;
  const row = rows[0];
  if (!row || row.inserted === 0) return "DUPLICATE";
  if (row.updated === 0) {
    await db.webhookEvent.updateMany({
      where: { eventKey: event.eventKey },
      data: { state: "IGNORED", reason: `campaign recipient ${ref.recipientId} not found (campaign deleted?)` },
    });
    return "IGNORED";
  }
  if (failure && OPTED_OUT_CODES.has(failure.code) && (row.phone || row.bsuid)) {
    await markOptedOut({ phone: row.phone, bsuid: row.bsuid });
  }
  return "PROCESSED";
}

/** WhatsApp says the customer opted out: remember it, so the next campaign skips them. */
async function markOptedOut(identity: { phone: string | null; bsuid: string | null }) {
  await withConflictRetry(() =>
    db.$transaction(async (tx) => {
      const contact = await upsertContact(tx, { ...identity, name: null });
      if (!contact.optedOut) await tx.contact.update({ where: { id: contact.id }, data: { optedOut: true }, select: { id: true } });
    }),
  );
}
