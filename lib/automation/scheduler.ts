import "server-only";
import { withAdvisoryLock } from "../advisory-lock";
import { env } from "../env";
import { log } from "../observability/logger";
import { startIntervalJob, type Scheduler } from "../scheduling/interval-job";
import { assignWaitingConversations } from "./auto-assign";
import { autoResolveIdleConversations } from "./auto-resolve";

// The automation rounds (auto-resolve, then the auto-assignment pool), started once per server process from instrumentation.ts like the template
// sync: every AUTOMATION_INTERVAL_MS (0 = off), on every instance, under one advisory lock so one instance works
// a given round.

// "AUTO" in ASCII, pg_advisory_lock's single-bigint form.
const LOCK_KEY = 0x4155544f;

/** One round: the work done, or null when another instance holds the lock. */
export async function runAutomationRound(now: Date = new Date()) {
  const outcome = await withAdvisoryLock(LOCK_KEY, async () => {
    const resolved = await autoResolveIdleConversations(now);
    // Resolving frees capacity: conversations waiting in the pool go out now.
    return { ...resolved, assigned: await assignWaitingConversations() };
  });
  return outcome.acquired ? outcome.result : null;
}

export function startAutomationScheduler(): Scheduler | null {
  return startIntervalJob({
    name: "automation",
    intervalMs: env().AUTOMATION_INTERVAL_MS,
    offMessage: "automation rounds are off (AUTOMATION_INTERVAL_MS=0)",
    firstDelayMs: null,
    failureMessage: "automation round failed",
    run: async () => {
      const result = await runAutomationRound();
      if (result && result.resolved + result.assigned > 0)
        log("automation").info({ resolved: result.resolved, assigned: result.assigned }, "automation round");
    },
  });
}
