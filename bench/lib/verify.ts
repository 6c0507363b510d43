import type pg from "pg";
import { STATUS_RANK, STORED_STATUS, type PlannedEvent, type StoredStatus } from "./event-plan";

// End-of-run checks against the database: every acknowledged event is stored once, and every message ends at
// the highest-rank status acknowledged for it, with the timestamp of each stage it was told about.

export type Verification = {
  /** WebhookEvent rows by state. */
  storedByState: Record<string, number>;
  stored: number;
  /** Events answered 2xx. */
  acknowledged: number;
  /** Acknowledged events whose row (by eventKey `status:<id>:<status>`) is in WebhookEvent. */
  storedAcknowledged: number;
  /** acknowledged − storedAcknowledged: events the app said it took but did not keep. */
  loss: number;
  messagesChecked: number;
  /** Messages with an event that was not answered 2xx: their final status is not predictable, so not checked. */
  messagesUncertain: number;
  statusMismatches: number;
  stageTimestampMismatches: number;
  examples: string[];
};

export async function verify(
  client: pg.Client,
  events: readonly PlannedEvent[],
  codes: readonly number[],
): Promise<Verification> {
  const { rows: byState } = await client.query<{ state: string; n: number }>(
    `SELECT state::text AS state, count(*)::int AS n FROM "WebhookEvent" GROUP BY 1 ORDER BY 1`,
  );
  const storedByState = Object.fromEntries(byState.map((r) => [r.state, r.n]));
  const stored = byState.reduce((sum, r) => sum + r.n, 0);

  // Expected state per message, from what the app acknowledged.
  const acked = new Map<string, Set<StoredStatus>>();
  const ackedKeys = new Set<string>();
  const uncertain = new Set<string>();
  let acknowledged = 0;
  events.forEach((event, i) => {
    const code = codes[i] ?? -1;
    if (code === -1) return; // never sent
    if (code >= 200 && code < 300) {
      acknowledged++;
      // The app's dedupe key for a status event (lib/connectly/webhook.ts).
      ackedKeys.add(`status:${event.upstreamId}:${event.status}`);
      const set = acked.get(event.upstreamId) ?? new Set<StoredStatus>();
      set.add(STORED_STATUS[event.status]);
      acked.set(event.upstreamId, set);
    } else {
      uncertain.add(event.upstreamId); // the app may or may not have applied it
    }
  });

  const { rows: keys } = await client.query<{ eventKey: string | null }>(
    `SELECT "eventKey" FROM "WebhookEvent"`,
  );
  const storedAcknowledged = keys.filter((k) => k.eventKey !== null && ackedKeys.has(k.eventKey)).length;

  const { rows } = await client.query<{
    upstreamId: string;
    status: StoredStatus | null;
    sent: boolean;
    delivered: boolean;
    read: boolean;
  }>(`SELECT "upstreamId", status::text AS status, "sentAt" IS NOT NULL AS sent,
             "deliveredAt" IS NOT NULL AS delivered, "readAt" IS NOT NULL AS read
      FROM "Message" WHERE direction = 'OUTBOUND' AND "upstreamId" IS NOT NULL`);

  let statusMismatches = 0;
  let stageTimestampMismatches = 0;
  let messagesChecked = 0;
  const examples: string[] = [];
  for (const row of rows) {
    if (uncertain.has(row.upstreamId)) continue;
    messagesChecked++;
    const told = acked.get(row.upstreamId) ?? new Set<StoredStatus>();
    let expected: StoredStatus = "QUEUED";
    for (const s of told) if (STATUS_RANK[s] > STATUS_RANK[expected]) expected = s;
    if (row.status !== expected) {
      statusMismatches++;
      if (examples.length < 10) {
        examples.push(
          `${row.upstreamId}: status ${row.status}, expected ${expected} (acknowledged: ${[...told].join(", ") || "none"})`,
        );
      }
    }
    const stages: [StoredStatus, boolean][] = [
      ["SENT", row.sent],
      ["DELIVERED", row.delivered],
      ["READ", row.read],
    ];
    for (const [stage, has] of stages) {
      if (told.has(stage) !== has) {
        stageTimestampMismatches++;
        if (examples.length < 10)
          examples.push(
            `${row.upstreamId}: ${stage} timestamp ${has ? "set" : "missing"}, told: ${[...told].join(", ") || "none"}`,
          );
      }
    }
  }
  return {
    storedByState,
    stored,
    acknowledged,
    storedAcknowledged,
    loss: acknowledged - storedAcknowledged,
    messagesChecked,
    messagesUncertain: uncertain.size,
    statusMismatches,
    stageTimestampMismatches,
    examples,
  };
}
