import "server-only";
import { db } from "../db";
import { env } from "../env";
import { syncTemplates } from "./sync-templates";
import { log } from "../observability/logger";
import { startIntervalJob, type Scheduler } from "../scheduling/interval-job";

// Background template sync, started once per server process from instrumentation.ts: once at start, then every
// TEMPLATE_SYNC_INTERVAL_MS (0 = off). Several instances may each run it; the advisory lock in sync-lock.ts makes
// all but one skip a given round, and a round skips when any instance synced within half its gap. Meta's review
// has no webhook, so while a template submitted in the last hour is still pending, a round runs every
// FOLLOW_UP_MS instead, and its outcome shows up within a minute or so.

const FOLLOW_UP_MS = 30_000;
const FOLLOW_UP_WINDOW_MS = 60 * 60_000;

async function hasRecentPending(): Promise<boolean> {
  const since = new Date(Date.now() - FOLLOW_UP_WINDOW_MS);
  const count = await db.template
    .count({ where: { status: "PENDING", removedAt: null, upstreamCreatedAt: { gt: since } } })
    .catch(() => 0);
  return count > 0;
}

export function startTemplateSyncScheduler(): Scheduler | null {
  const interval = env().TEMPLATE_SYNC_INTERVAL_MS;
  let lastRoundAt = 0;
  // A round another instance ran within half the gap makes this one redundant (every instance runs this scheduler).
  const round = async (gapMs: number) => {
    lastRoundAt = Date.now();
    const result = await syncTemplates("schedule", { skipIfSucceededWithinMs: gapMs / 2 });
    if (result.outcome === "succeeded") {
      const { created, updated, removed } = result.run;
      if (created + updated + removed > 0)
        log("templates").info({ created, updated, removed }, "templates synced");
    }
  };
  return startIntervalJob({
    name: "templates",
    intervalMs: interval,
    offMessage: "scheduled sync is off (TEMPLATE_SYNC_INTERVAL_MS=0)",
    firstDelayMs: 0,
    everyMs: Math.min(interval, FOLLOW_UP_MS),
    failureMessage: "scheduled sync failed",
    run: async ({ first }) => {
      if (first || Date.now() - lastRoundAt >= interval) await round(interval);
      else if (await hasRecentPending()) await round(FOLLOW_UP_MS);
    },
  });
}
