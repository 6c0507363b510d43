import "server-only";
import pg from "pg";
import { env } from "./env";

// One run at a time across every app instance: a PostgreSQL session-level advisory lock, held on a connection of
// its own for the length of the run. If the process dies, the connection drops and PostgreSQL releases the lock
// by itself, so a crash can never wedge the job. Used by the template sync and the webhook retention.

export type LockedRun<T> = { acquired: true; result: T } | { acquired: false };

/** Runs `work` holding the advisory lock `key` (single-bigint form), or returns `{ acquired: false }` when another session holds it. */
export async function withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<LockedRun<T>> {
  const client = new pg.Client({ connectionString: env().DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1::bigint) AS locked",
      [key],
    );
    if (!rows[0]?.locked) return { acquired: false };
    try {
      return { acquired: true, result: await work() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}
