import "server-only";
import pg from "pg";
import { env } from "./env";
import { log } from "./observability/logger";

// A plain `pg` pool for the few hot paths where Prisma's per-query cost shows (webhook status ingestion:
// one set-based statement per batch of events). Everything else goes through `db` (lib/db.ts).
// One pool per process, created on first use, kept on globalThis like the Prisma client. Sessions run in UTC
// because Prisma's DateTime columns are `timestamp` without time zone, written as UTC.

const globalForPool = globalThis as unknown as { pgPool?: pg.Pool };

export function pgPool(): pg.Pool {
  if (!globalForPool.pgPool) {
    const pool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: 4,
      options: "-c TimeZone=UTC",
      connectionTimeoutMillis: 10_000,
    });
    // An idle client whose server went away emits here; without a listener that would crash the process.
    pool.on("error", (error) => log("db-pool").error({ err: error }, "idle client error"));
    globalForPool.pgPool = pool;
  }
  return globalForPool.pgPool;
}
