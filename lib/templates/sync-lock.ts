import "server-only";
import pg from "pg";
import { db } from "../db";
import { env } from "../env";

// One template sync at a time across every app instance: a PostgreSQL session-level advisory lock, held on a
// connection of its own for the length of the run. If the process dies, the connection drops and PostgreSQL
// releases the lock by itself, so a crash can never wedge the sync.

// A fixed key in pg_advisory_lock's single-bigint form ("TPLS" in ASCII); pg_locks shows it as classid 0 + objid.
const LOCK_KEY = 0x54504c53;

export async function withTemplateSyncLock<T>(work: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [LOCK_KEY]);
    if (!rows[0]?.locked) return { acquired: false };
    try {
      return { acquired: true, result: await work() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether some instance is syncing right now, as PostgreSQL sees it (advisory locks are per database). */
export async function isTemplateSyncRunning(): Promise<boolean> {
  const rows = await db.$queryRaw<{ held: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM pg_locks
      WHERE locktype = 'advisory' AND classid = 0 AND objid = ${LOCK_KEY}::oid AND objsubid = 1 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
    ) AS held`;
  return rows[0]?.held ?? false;
}
