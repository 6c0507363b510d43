import "server-only";
import { randomUUID } from "node:crypto";
import { isDatabaseUnavailable } from "../db-errors";
import { pgPool } from "../db-pool";
import { GroupCommit } from "../group-commit";
import {
  firstPerEventKey,
  monotonicUpdateCtes,
  outcomesInOrder,
  STATUS_EVENT_COLUMNS,
  statusEventRow,
  unnestCte,
  unnestParameters,
  type BatchColumns,
  type StatusEvent,
  type StatusEventRow,
} from "../webhooks/status-batch-sql";
import type { CampaignRecipientRef } from "./callback-data";
import { STATE_RANK, WEBHOOK_STATE, type RecipientState } from "./states";

export type CampaignStatusOutcome = "PROCESSED" | "DUPLICATE" | "IGNORED";

// A delivery status for a campaign send, found through its callbackData (so it applies even when the worker
// died before storing the message id; the id is filled in from the event). A campaign at 1,000 messages/s
// brings ~3,000 of these per second, so, like inbox statuses (lib/messaging/apply-status-update.ts), concurrent
// events are grouped and each group is ONE statement: the raw events stored unless their key was seen
// (duplicate = no-op), each recipient's state moved up in rank only, each stage keeping its first timestamp,
// and the campaigns flagged for a recount. One statement per group also means the analytics triggers
// (statement-level, prisma/sql/analytics.sql) run once per group instead of once per event.

type CampaignStatusRow = StatusEventRow & { campaignId: string; recipientId: string };

const COLUMNS: BatchColumns<CampaignStatusRow> = [
  ...STATUS_EVENT_COLUMNS,
  ["campaignId", "text"],
  ["recipientId", "text"],
];

const RECORD_AND_APPLY_SQL = `
WITH ${unnestCte("input", COLUMNS)},
  ev AS (
    INSERT INTO "WebhookEvent" (id, "eventKey", topic, state, reason, "upstreamId", "rawBody", "receivedAt", "processedAt")
    SELECT i.id, i."eventKey", 'delivery_status', (CASE WHEN r.id IS NULL THEN 'IGNORED' ELSE 'PROCESSED' END)::"WebhookEventState",
      CASE WHEN r.id IS NULL THEN 'campaign recipient ' || i."recipientId" || ' not found (campaign deleted?)' END,
      i."upstreamId", i."rawBody", now(), now()
    FROM input i
    LEFT JOIN "CampaignRecipient" r ON r.id = i."recipientId" AND r."campaignId" = i."campaignId"
    ON CONFLICT ("eventKey") DO NOTHING
    RETURNING id, state
  ),
  fresh AS (SELECT i.* FROM input i JOIN ev ON ev.id = i.id WHERE ev.state = 'PROCESSED'),
  ${monotonicUpdateCtes({
    events: "fresh",
    keys: ["campaignId", "recipientId"],
    table: `"CampaignRecipient"`,
    statusColumn: "state",
    rankColumn: "stateRank",
    statusType: `"CampaignRecipientState"`,
    match: `t.id = a."recipientId" AND t."campaignId" = a."campaignId"`,
    extraSet: `"upstreamId" = COALESCE(t."upstreamId", a."upstreamId")`,
    returning: `t.id, t."campaignId", t.phone, t.bsuid`,
  })},
  dirty AS (
    UPDATE "Campaign" c SET "statsDirty" = true
    WHERE c.id IN (SELECT "campaignId" FROM upd) AND NOT c."statsDirty"
    RETURNING 1
  )
SELECT ev.id, ev.state::text AS state, u.phone, u.bsuid, (SELECT count(*) FROM dirty) AS dirty
FROM ev LEFT JOIN input i ON i.id = ev.id LEFT JOIN upd u ON u.id = i."recipientId"`;

type Submitted = { event: StatusEvent; ref: CampaignRecipientRef; rawBody: string };
type Written = { id: string; state: "PROCESSED" | "IGNORED"; phone: string | null; bsuid: string | null };

async function recordAndApply(batch: Submitted[]): Promise<CampaignStatusOutcome[]> {
  const rowByKey = firstPerEventKey(batch, ({ event, ref, rawBody }) => ({
    ...statusEventRow(event, rawBody, randomUUID(), WEBHOOK_STATE, (s) => STATE_RANK[s as RecipientState]),
    campaignId: ref.campaignId,
    recipientId: ref.recipientId,
  }));
  const rows = [...rowByKey.values()];
  const result = await pgPool().query<Written>(RECORD_AND_APPLY_SQL, unnestParameters(rows, COLUMNS));
  const written = new Map(result.rows.map((r) => [r.id, r]));
  // An opt-out is remembered by ingest-webhook.ts (lib/contacts/mark-contact-opted-out.ts), for inbox and
  // campaign sends alike, audited.
  return outcomesInOrder(batch, rowByKey, written);
}

const globalForBatcher = globalThis as unknown as {
  campaignStatusCommit?: GroupCommit<Submitted, CampaignStatusOutcome>;
};
const campaignStatusCommit = (globalForBatcher.campaignStatusCommit ??= new GroupCommit(recordAndApply, {
  // One batch at a time: during a campaign these statuses compete for the same 2 cores (and recipient rows) as
  // the worker's sends, and the configured send rate is what must hold; the statuses catch up after. Measured
  // with bench:campaign (100k at 1,000 msg/s): one slot -1.2 % rate; two slots -12.6 %; per-event -20.4 %.
  maxBatch: 500,
  maxInFlight: 1,
  isolate: (error) => !isDatabaseUnavailable(error), // as for inbox statuses
}));

/** Records and applies one campaign delivery status; resolves once it is committed. */
export function applyCampaignStatusEvent(
  event: StatusEvent,
  ref: CampaignRecipientRef,
  rawBody: string,
): Promise<CampaignStatusOutcome> {
  return campaignStatusCommit.submit({ event, ref, rawBody });
}
