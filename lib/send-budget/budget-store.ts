import "server-only";
import type pg from "pg";
import { pgPool } from "../db-pool";
import type { BucketState } from "./bucket";
import type { BudgetKey } from "./limits";

// Reads and writes bucket rows under a row lock, on the database's clock (every process and host shares it).
// Times travel as epoch milliseconds (float8): sub-millisecond slots survive the round trip.

type Row = {
  key: string;
  tat: number;
  rate: number | null;
  rate_at: number | null;
  last_decrease: number | null;
  now_ms: number;
};

/**
 * Runs `change` on the locked rows of `keys` (created on first use) and writes back what it returns.
 * Locks in key order, so concurrent callers queue instead of deadlocking. `nowMs` is the database's clock.
 */
export async function withBuckets<T>(
  keys: BudgetKey[],
  change: (states: BucketState[], nowMs: number) => { states: BucketState[]; result: T; refusals?: number },
): Promise<{ result: T; dbNowMs: number }> {
  const names = [...new Set(keys.map((k) => k.key))].sort();
  const client: pg.PoolClient = await pgPool().connect();
  // Two round trips (this runs for every send window and inbox send, often on a busy machine): the keys are
  // inlined as escaped literals so BEGIN + upsert + locking read go as one simple-protocol query, and the write
  // and COMMIT as another.
  const list = names.map((n) => client.escapeLiteral(n)).join(", ");
  try {
    const results = (await client.query(`BEGIN;
      INSERT INTO "SendBudget" (key, "nextSlotAt") SELECT k, clock_timestamp() FROM unnest(ARRAY[${list}]::text[]) AS k ON CONFLICT (key) DO NOTHING;
      SELECT key, extract(epoch FROM "nextSlotAt") * 1000 AS tat, rate,
             extract(epoch FROM "rateAt") * 1000 AS rate_at, extract(epoch FROM "lastDecreaseAt") * 1000 AS last_decrease,
             extract(epoch FROM clock_timestamp()) * 1000 AS now_ms
      FROM "SendBudget" WHERE key IN (${list}) ORDER BY key FOR UPDATE`)) as unknown as pg.QueryResult<Row>[];
    const rows = results[2]?.rows ?? [];
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const nowMs = Number(rows[0]?.now_ms ?? Date.now());
    const states = keys.map((k): BucketState => {
      const r = byKey.get(k.key);
      const num = (v: number | string | null | undefined) =>
        v === null || v === undefined ? null : Number(v);
      return {
        tatMs: num(r?.tat) ?? nowMs,
        rate: num(r?.rate),
        rateAtMs: num(r?.rate_at),
        lastDecreaseMs: num(r?.last_decrease),
      };
    });
    const { states: next, result, refusals } = change(states, nowMs);
    const values = keys
      .map((k, i) => {
        const n = next[i]!;
        const lit = (v: number | null) => (v === null || !Number.isFinite(v) ? "NULL" : String(v));
        return `(${client.escapeLiteral(k.key)}, ${lit(n.tatMs)}::float8, ${lit(n.rate)}::float8, ${lit(n.rateAtMs)}::float8, ${lit(n.lastDecreaseMs)}::float8)`;
      })
      .join(", ");
    await client.query(`UPDATE "SendBudget" b SET "nextSlotAt" = to_timestamp(v.tat / 1000), rate = v.rate,
        "rateAt" = to_timestamp(v.rate_at / 1000), "lastDecreaseAt" = to_timestamp(v.last_decrease / 1000),
        refusals = b.refusals + ${Math.trunc(refusals ?? 0)}
      FROM (VALUES ${values}) AS v(key, tat, rate, rate_at, last_decrease)
      WHERE b.key = v.key;
      COMMIT`);
    return { result, dbNowMs: nowMs };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
