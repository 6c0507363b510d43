import "server-only";
import { withAdvisoryLock, type LockedRun } from "../advisory-lock";
import { env } from "../env";
import { log } from "../observability/logger";
import { startIntervalJob, type Scheduler } from "../scheduling/interval-job";
import { purgeOldWebhookEvents } from "./purge-old-webhook-events";

// Webhook retention, started once per server process from instrumentation.ts (like the template sync): a first
// round a minute after start (not competing with start-up), then every WEBHOOK_RETENTION_INTERVAL_MS (0 = off).
// Every instance runs the timer; a session-level advisory lock on a connection of its own lets one of them purge
// at a time (if that process dies, PostgreSQL drops the lock with the connection).

// A fixed key in pg_advisory_lock's single-bigint form ("WHRT" in ASCII).
const LOCK_KEY = 0x57485254;
const FIRST_ROUND_MS = 60_000;

/** Runs `work` holding the retention lock, or returns `{ acquired: false }` when another instance holds it. */
export function withRetentionLock<T>(work: () => Promise<T>): Promise<LockedRun<T>> {
  return withAdvisoryLock(LOCK_KEY, work);
}

export function startWebhookRetentionScheduler(): Scheduler | null {
  const interval = env().WEBHOOK_RETENTION_INTERVAL_MS;
  return startIntervalJob({
    name: "retention",
    intervalMs: interval,
    offMessage: "webhook retention is off (WEBHOOK_RETENTION_INTERVAL_MS=0)",
    firstDelayMs: Math.min(FIRST_ROUND_MS, interval),
    failureMessage: "webhook retention round failed",
    run: async ({ stopped }) => {
      const outcome = await withRetentionLock(() => purgeOldWebhookEvents({ shouldStop: stopped }));
      if (outcome.acquired && outcome.result.deleted > 0) {
        const { deleted, batches, cutoff, invalidCutoff } = outcome.result;
        log("retention").info({ deleted, batches, cutoff, invalidCutoff }, "old webhook events deleted");
      }
    },
  });
}
