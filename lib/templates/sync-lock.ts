import "server-only";
import { withAdvisoryLock, type LockedRun } from "../advisory-lock";
import { db } from "../db";

// One template sync at a time across every app instance (lib/advisory-lock.ts).

// A fixed key in pg_advisory_lock's single-bigint form ("TPLS" in ASCII); pg_locks shows it as classid 0 + objid.
const LOCK_KEY = 0x54504c53;

export function withTemplateSyncLock<T>(work: () => Promise<T>): Promise<LockedRun<T>> {
  return withAdvisoryLock(LOCK_KEY, work);
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
