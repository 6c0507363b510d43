import { randomBytes, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { summarize, type LatencySummary } from "./stats";

// The raw ceiling: what the same PostgreSQL sustains for single-row autocommit INSERTs of a webhook-sized
// body, with no HTTP and no ORM, at the same number of in-flight operations as the best webhook level.
// The pool is capped like the app's (lib/db.ts: max 10), so both sides get the same database parallelism.

const APP_POOL_MAX = 10;

export type RawResult = {
  label: string;
  inserts: number;
  concurrency: number;
  poolSize: number;
  insertsPerSecond: number;
  latency: LatencySummary;
  errors: number;
};

/**
 * `withNotify` also calls pg_notify in the same statement, as the app's status update does: a diagnostic for
 * how much of the gap is PostgreSQL's commit-time NOTIFY queue lock (held through the commit's WAL flush).
 */
export async function measureRawInserts(
  databaseUrl: string,
  options: { inserts: number; concurrency: number; withNotify: boolean; maxDurationMs: number },
): Promise<RawResult> {
  const poolSize = Math.min(options.concurrency, APP_POOL_MAX);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: "bench-raw" });
  try {
    await pool.query(
      `CREATE TABLE IF NOT EXISTS bench_raw (id text PRIMARY KEY, body text NOT NULL, at timestamptz NOT NULL)`,
    );
    await pool.query(`TRUNCATE bench_raw`);
    // ~600 bytes, like a signed delivery_status body; random so TOAST compression does not shrink it.
    const body = randomBytes(450).toString("base64");
    const sql = options.withNotify
      ? `WITH ins AS (INSERT INTO bench_raw (id, body, at) VALUES ($1, $2, now()) RETURNING id)
         SELECT pg_notify('bench_raw', id) FROM ins`
      : `INSERT INTO bench_raw (id, body, at) VALUES ($1, $2, now())`;
    // Open every connection before the clock starts.
    await Promise.all(Array.from({ length: poolSize }, () => pool.query("SELECT 1")));

    const latencies = new Array<number>(options.inserts).fill(Number.NaN);
    let next = 0;
    let errors = 0;
    const started = performance.now();
    const deadline = started + options.maxDurationMs;
    const lane = async () => {
      for (;;) {
        const index = next++;
        if (index >= options.inserts || performance.now() > deadline) return;
        const t0 = performance.now();
        try {
          await pool.query(sql, [randomUUID(), body]);
        } catch {
          errors++;
        }
        latencies[index] = performance.now() - t0;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, lane));
    const seconds = (performance.now() - started) / 1000;
    const done = latencies.filter((l) => Number.isFinite(l)).length;
    return {
      label: options.withNotify ? "raw INSERT + pg_notify" : "raw INSERT",
      inserts: done,
      concurrency: options.concurrency,
      poolSize,
      insertsPerSecond: (done - errors) / seconds,
      latency: summarize(latencies),
      errors,
    };
  } finally {
    await pool.query(`DROP TABLE IF EXISTS bench_raw`).catch(() => {});
    await pool.end();
  }
}
