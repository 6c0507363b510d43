import "server-only";
import { db } from "../db";
import { env } from "../env";
import { syncTemplates } from "./sync-templates";
import { log } from "../observability/logger";

// Background template sync, started once per server process from instrumentation.ts: once at start, then every
// TEMPLATE_SYNC_INTERVAL_MS (0 = off). Several instances may each run it; the advisory lock in sync-lock.ts makes
// all but one skip a given round, and a round skips when any instance synced within half its gap. Meta's review
// has no webhook, so while a template submitted in the last hour is still pending, a round runs every
// FOLLOW_UP_MS instead, and its outcome shows up within a minute or so.

const FOLLOW_UP_MS = 30_000;
const FOLLOW_UP_WINDOW_MS = 60 * 60_000;

type Scheduler = { stop(): void };
const globalForScheduler = globalThis as unknown as { templateSyncScheduler?: Scheduler };

async function hasRecentPending(): Promise<boolean> {
  const since = new Date(Date.now() - FOLLOW_UP_WINDOW_MS);
  const count = await db.template
    .count({ where: { status: "PENDING", removedAt: null, upstreamCreatedAt: { gt: since } } })
    .catch(() => 0);
  return count > 0;
}

export function startTemplateSyncScheduler(): Scheduler | null {
  if (globalForScheduler.templateSyncScheduler) return globalForScheduler.templateSyncScheduler;
  const interval = env().TEMPLATE_SYNC_INTERVAL_MS;
  if (interval === 0) {
    log("templates").info("scheduled sync is off (TEMPLATE_SYNC_INTERVAL_MS=0)");
    return null;
  }
  let lastRoundAt = 0;
  let running = false;

  // A round another instance ran within half the gap makes this one redundant (every instance runs this scheduler).
  const round = async (gapMs: number) => {
    running = true;
    lastRoundAt = Date.now();
    try {
      const result = await syncTemplates("schedule", { skipIfSucceededWithinMs: gapMs / 2 });
      if (result.outcome === "succeeded") {
        const { created, updated, removed } = result.run;
        if (created + updated + removed > 0)
          log("templates").info({ created, updated, removed }, "templates synced");
      }
    } catch (error) {
      // Logged, not thrown: a Connectly or database outage must not take the server down; the next round retries.
      log("templates").error({ err: error }, "scheduled sync failed");
    } finally {
      running = false;
    }
  };

  const tick = async () => {
    if (running) return;
    const due = Date.now() - lastRoundAt >= interval;
    if (due) await round(interval);
    else if (await hasRecentPending()) await round(FOLLOW_UP_MS);
  };

  const first = setTimeout(() => void round(interval), 0);
  const timer = setInterval(() => void tick(), Math.min(interval, FOLLOW_UP_MS));
  first.unref();
  timer.unref();
  const scheduler: Scheduler = {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
      globalForScheduler.templateSyncScheduler = undefined;
    },
  };
  globalForScheduler.templateSyncScheduler = scheduler;
  return scheduler;
}
