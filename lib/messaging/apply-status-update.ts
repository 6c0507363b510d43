import "server-only";
import { randomUUID } from "node:crypto";
import { isDatabaseUnavailable } from "../db-errors";
import { parseWebhookBody } from "../connectly/webhook";
import { pgPool } from "../db-pool";
import { GroupCommit } from "../group-commit";
import { INBOX_CHANNEL } from "../realtime/events";
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
import { STATUS_RANK, WEBHOOK_STATUS, type MessageStatusName } from "./status";

export type StatusOutcome = "PROCESSED" | "PENDING" | "DUPLICATE";

// Delivery statuses are the bulk of webhook traffic (about three per message sent), so they take the shortest
// path there is: concurrent webhooks are grouped (lib/group-commit.ts) and each group is recorded and applied
// by ONE set-based statement on plain `pg`. The statement is atomic, so a webhook is answered 200 only when its
// event row and its effect on the message are both committed.

// The request id of the webhook rides along to the live notification, so the fan-out logs the same id.
type MessageStatusRow = StatusEventRow & { requestId: string | null };
const COLUMNS: BatchColumns<MessageStatusRow> = [...STATUS_EVENT_COLUMNS, ["requestId", "text"]];

const toRow = (
  event: StatusEvent,
  rawBody: string,
  requestId: string | null,
  id: string = randomUUID(),
): MessageStatusRow => ({
  ...statusEventRow(event, rawBody, id, WEBHOOK_STATUS, (s) => STATUS_RANK[s as MessageStatusName]),
  requestId,
});

/** The messages of relation `events`, updated (`upd`), and one live notification each, sent on commit. */
function applyToMessagesCtes(events: string): string {
  return `${monotonicUpdateCtes({
    events,
    keys: ["upstreamId"],
    table: `"Message"`,
    statusColumn: "status",
    rankColumn: "statusRank",
    statusType: `"MessageStatus"`,
    match: `t."upstreamId" = a."upstreamId"`,
    returning: `t.id, t."conversationId", t.status, t."upstreamId"`,
  })},
  notified AS (
    SELECT pg_notify('${INBOX_CHANNEL}', json_build_object(
      'type', 'message.status', 'conversationId', u."conversationId", 'messageId', u.id, 'status', u.status,
      'requestId', (SELECT e."requestId" FROM ${events} e WHERE e."upstreamId" = u."upstreamId" ORDER BY e.rank DESC LIMIT 1))::text)
    FROM upd u
  )`;
}

// Records the events (a repeated eventKey is a duplicate: ON CONFLICT DO NOTHING) and applies the new ones whose
// message is known; events for a message id not seen yet are stored PENDING.
const RECORD_AND_APPLY_SQL = `
WITH ${unnestCte("input", COLUMNS)},
  ev AS (
    INSERT INTO "WebhookEvent" (id, "eventKey", topic, state, "upstreamId", "rawBody", "receivedAt", "processedAt")
    SELECT i.id, i."eventKey", 'delivery_status',
      (CASE WHEN EXISTS (SELECT 1 FROM "Message" m WHERE m."upstreamId" = i."upstreamId")
        THEN 'PROCESSED' ELSE 'PENDING' END)::"WebhookEventState",
      i."upstreamId", i."rawBody", now(), now()
    FROM input i
    ON CONFLICT ("eventKey") DO NOTHING
    RETURNING id, state
  ),
  fresh AS (SELECT i.* FROM input i JOIN ev ON ev.id = i.id WHERE ev.state = 'PROCESSED'),
  ${applyToMessagesCtes("fresh")}
SELECT ev.id, ev.state::text AS state, (SELECT count(*) FROM notified) AS notified FROM ev`;

// Applies stored PENDING events whose message is now known and marks exactly those PROCESSED.
const APPLY_PENDING_SQL = `
WITH ${unnestCte("input", COLUMNS)},
  ${applyToMessagesCtes("input")},
  done AS (
    UPDATE "WebhookEvent" w SET state = 'PROCESSED', "processedAt" = now()
    FROM input i
    WHERE w.id = i.id AND w.state = 'PENDING' AND i."upstreamId" IN (SELECT "upstreamId" FROM upd)
    RETURNING w.id
  )
SELECT (SELECT count(*) FROM done)::int AS applied, (SELECT count(*) FROM notified) AS notified`;

type Submitted = { event: StatusEvent; rawBody: string; requestId: string | null };

/** Records and applies one batch; one outcome per submitted event, in order. */
async function recordAndApply(batch: Submitted[]): Promise<StatusOutcome[]> {
  const rowByKey = firstPerEventKey(batch, ({ event, rawBody, requestId }) =>
    toRow(event, rawBody, requestId),
  );
  const rows: MessageStatusRow[] = [...rowByKey.values()];
  const result = await pgPool().query<{ id: string; state: "PROCESSED" | "PENDING" }>(
    RECORD_AND_APPLY_SQL,
    unnestParameters(rows, COLUMNS),
  );
  const writtenById = new Map(result.rows.map((r) => [r.id, r]));
  // The send may have stored its upstream id between our EXISTS check and now: look once more.
  const pendingIds = rows
    .filter((row) => writtenById.get(row.id)?.state === "PENDING")
    .map((row) => row.upstreamId);
  if (pendingIds.length > 0) await reconcilePendingStatuses(pendingIds);
  return outcomesInOrder(batch, rowByKey, writtenById);
}

const globalForBatcher = globalThis as unknown as { statusCommit?: GroupCommit<Submitted, StatusOutcome> };
const statusCommit = (globalForBatcher.statusCommit ??= new GroupCommit(recordAndApply, {
  maxBatch: 200,
  maxInFlight: 2,
  // An outage fails the whole batch (each webhook answers 503 and is retried); anything else may be one bad
  // event, so the batch is written again one event at a time.
  isolate: (error) => !isDatabaseUnavailable(error),
}));

/**
 * Records a delivery-status webhook and applies it: the event row is inserted unless its key was seen
 * (duplicate), the message is updated only when the event is new, and the live notification is sent on
 * commit. A status for an unknown message id is kept as PENDING and applied by `reconcilePendingStatuses`
 * when the send record gets its upstream id. Resolves once the event is committed.
 */
export function applyStatusEvent(
  event: StatusEvent,
  rawBody: string,
  requestId?: string,
): Promise<StatusOutcome> {
  return statusCommit.submit({ event, rawBody, requestId: requestId ?? null });
}

/**
 * Applies statuses that arrived before their message had an upstream id. Called by the sender right after it
 * stores the id, and by the webhook path after storing a PENDING event; between the two, whichever commits
 * second sees the other's row, so no status is stranded. Applying twice is harmless (monotonic update).
 * Returns how many pending events were applied.
 */
export async function reconcilePendingStatuses(upstreamIds: string | string[]): Promise<number> {
  const ids = typeof upstreamIds === "string" ? [upstreamIds] : upstreamIds;
  const pending = await pgPool().query<{ id: string; rawBody: string }>(
    `SELECT id, "rawBody" FROM "WebhookEvent" WHERE "upstreamId" = ANY($1::text[]) AND state = 'PENDING'`,
    [ids],
  );
  const rows: MessageStatusRow[] = [];
  for (const stored of pending.rows) {
    const parsed = parseWebhookBody(stored.rawBody);
    if (parsed.ok && parsed.event.kind === "status")
      rows.push(toRow(parsed.event, stored.rawBody, null, stored.id));
  }
  if (rows.length === 0) return 0;
  const result = await pgPool().query<{ applied: number }>(
    APPLY_PENDING_SQL,
    unnestParameters(rows, COLUMNS),
  );
  return result.rows[0]?.applied ?? 0;
}
