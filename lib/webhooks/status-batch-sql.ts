import { explainUpstreamError } from "../connectly/error-catalogue";
import type { NormalizedWebhookEvent } from "../connectly/webhook";

// SQL shared by the two batched delivery-status writers: inbox messages (lib/messaging/apply-status-update.ts)
// and campaign recipients (lib/campaigns/apply-campaign-status.ts). A batch of events travels as one array
// parameter per column and becomes a relation with `unnest`; each target row gets ONE monotonic UPDATE from the
// aggregate of its events, so a batch holding `sent`, `read` and a late `delivered` for the same message ends
// exactly where applying them one by one would.

export type StatusEvent = Extract<NormalizedWebhookEvent, { kind: "status" }>;
type DeliveryStatus = StatusEvent["status"];

/** What every status event carries into SQL; writers add their own key columns. */
export type StatusEventRow = {
  id: string; // the WebhookEvent id
  eventKey: string;
  upstreamId: string;
  status: string; // the target table's status/state enum value
  rank: number;
  at: string; // ISO timestamp
  errorCode: string | null;
  errorTitle: string | null;
  errorDetail: string | null; // JSON
  rawBody: string;
};

export const STATUS_EVENT_COLUMNS = [
  ["id", "text"],
  ["eventKey", "text"],
  ["upstreamId", "text"],
  ["status", "text"],
  ["rank", "int"],
  ["at", "timestamptz"],
  ["errorCode", "text"],
  ["errorTitle", "text"],
  ["errorDetail", "text"],
  ["rawBody", "text"],
] as const;

export type BatchColumns<R> = readonly (readonly [keyof R & string, string])[];

export function statusEventRow(
  event: StatusEvent,
  rawBody: string,
  id: string,
  statusOf: Record<DeliveryStatus, string>,
  rankOf: (status: string) => number,
): StatusEventRow {
  const status = statusOf[event.status];
  const explanation = event.status === "delivery_failed" ? explainUpstreamError(event.error) : null;
  return {
    id,
    eventKey: event.eventKey,
    upstreamId: event.upstreamId,
    status,
    rank: rankOf(status),
    at: event.timestamp.toISOString(),
    errorCode: explanation?.code ?? null,
    errorTitle: explanation?.title ?? null,
    errorDetail: explanation && event.error ? JSON.stringify(event.error) : null,
    rawBody,
  };
}

/** `name AS (SELECT * FROM unnest($1::type[], ...))`: the batch as a relation, one array parameter per column. */
export function unnestCte<R>(name: string, columns: BatchColumns<R>): string {
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  return `${name} AS (SELECT * FROM unnest(${arrays}) AS t(${columns.map(([column]) => `"${column}"`).join(", ")}))`;
}

export function unnestParameters<R>(rows: R[], columns: BatchColumns<R>): unknown[] {
  return columns.map(([column]) => rows.map((row) => row[column]));
}

/**
 * CTEs `agg`, `locked` and `upd`: the events of relation `events`, grouped per target row by `keys`, applied to `table`
 * monotonically. The status moves only to a higher rank; each stage's timestamp is kept from its first report
 * (a late `delivered` after `read` still records when it happened); the failure details are written only when
 * the failure itself applies. One UPDATE per row. Concurrent batches touching the same rows (two processes, or a
 * `sent` and a `read` batch in flight together) would deadlock if each locked its rows in its own order, so the
 * rows are locked first, in id order (`locked`); single-row writers cannot form a cycle with that.
 */
export function monotonicUpdateCtes(options: {
  events: string;
  keys: string[];
  table: string;
  statusColumn: string;
  rankColumn: string;
  statusType: string;
  /** Joins the target (alias `t`) to the aggregate (alias `a`). */
  match: string;
  /** Extra `SET` assignments (may use `a."upstreamId"`). */
  extraSet?: string;
  returning: string;
}): string {
  const { statusColumn: status, rankColumn: rank } = options;
  const firstOf = (value: string) => `min(e.at) FILTER (WHERE e.status = '${value}')`;
  const topOf = (column: string) => `(array_agg(e."${column}" ORDER BY e.rank DESC))[1]`;
  const keys = options.keys.map((k) => `e."${k}"`).join(", ");
  const upstreamId = options.keys.includes("upstreamId") ? "" : ` max(e."upstreamId") AS "upstreamId",`;
  const ifFailureApplies = (column: string, cast = "") =>
    `"${column}" = CASE WHEN t."${rank}" < a.rank AND a.status = 'FAILED' THEN a."${column}"${cast} ELSE t."${column}" END`;
  return `
  agg AS (
    SELECT ${keys},${upstreamId} max(e.rank) AS rank, ${topOf("status")} AS status,
      ${firstOf("SENT")} AS "sentAt", ${firstOf("DELIVERED")} AS "deliveredAt",
      ${firstOf("READ")} AS "readAt", ${firstOf("FAILED")} AS "failedAt",
      ${topOf("errorCode")} AS "errorCode", ${topOf("errorTitle")} AS "errorTitle", ${topOf("errorDetail")} AS "errorDetail"
    FROM ${options.events} e GROUP BY ${keys}
  ),
  locked AS MATERIALIZED (
    SELECT t.id FROM ${options.table} AS t JOIN agg a ON ${options.match} ORDER BY t.id FOR UPDATE OF t
  ),
  upd AS (
    UPDATE ${options.table} AS t SET
      ${status} = CASE WHEN t."${rank}" < a.rank THEN a.status::${options.statusType} ELSE t.${status} END,
      "${rank}" = GREATEST(t."${rank}", a.rank),
      "sentAt" = COALESCE(t."sentAt", a."sentAt"),
      "deliveredAt" = COALESCE(t."deliveredAt", a."deliveredAt"),
      "readAt" = COALESCE(t."readAt", a."readAt"),
      "failedAt" = COALESCE(t."failedAt", a."failedAt"),
      ${ifFailureApplies("errorCode")},
      ${ifFailureApplies("errorTitle")},
      ${ifFailureApplies("errorDetail", "::jsonb")}${options.extraSet ? `,\n      ${options.extraSet}` : ""}
    FROM agg a
    WHERE ${options.match} AND t.id IN (SELECT id FROM locked)
    RETURNING ${options.returning}
  )`;
}

/** The same event twice in one batch: the first is written, the later ones are its duplicates. */
export function firstPerEventKey<T extends { event: StatusEvent }, R>(
  batch: T[],
  toRow: (item: T) => R,
): Map<string, R> {
  const rows = new Map<string, R>();
  for (const item of batch) if (!rows.has(item.event.eventKey)) rows.set(item.event.eventKey, toRow(item));
  return rows;
}

/** One outcome per submitted item: the written row's state for the first of each key, DUPLICATE for the rest. */
export function outcomesInOrder<T extends { event: StatusEvent }, S>(
  batch: T[],
  rowByKey: Map<string, { id: string }>,
  writtenById: Map<string, { state: S }>,
): (S | "DUPLICATE")[] {
  const answered = new Set<string>();
  return batch.map(({ event }) => {
    const id = rowByKey.get(event.eventKey)?.id;
    if (!id || answered.has(id)) return "DUPLICATE";
    answered.add(id);
    return writtenById.get(id)?.state ?? "DUPLICATE";
  });
}
