import "server-only";
import { withAdvisoryLock } from "../advisory-lock";
import { env } from "../env";
import { log } from "../observability/logger";
import { assignWaitingConversations } from "./auto-assign";
import { autoResolveIdleConversations } from "./auto-resolve";

// The automation rounds (auto-resolve, then the auto-assignment pool), started once per server process from instrumentation.ts like the template
// sync: every AUTOMATION_INTERVAL_MS (0 = off), on every instance, under one advisory lock so one instance works
// a given round.

// "AUTO" in ASCII, pg_advisory_lock's single-bigint form.
const LOCK_KEY = 0x4155544f;

type Scheduler = { stop(): void };
const globalForScheduler = globalThis as unknown as { automationScheduler?: Scheduler };

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
  if (globalForScheduler.automationScheduler) return globalForScheduler.automationScheduler;
  const interval = env().AUTOMATION_INTERVAL_MS;
  if (interval === 0) {
    log("automation").info("automation rounds are off (AUTOMATION_INTERVAL_MS=0)");
    return null;
  }
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const result = await runAutomationRound();
      if (result && result.resolved + result.assigned > 0)
        log("automation").info({ resolved: result.resolved, assigned: result.assigned }, "automation round");
    } catch (error) {
      // Logged, not thrown: an outage must not take the server down; the next round retries.
      log("automation").error({ err: error }, "automation round failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), interval);
  timer.unref();
  const scheduler: Scheduler = {
    stop() {
      clearInterval(timer);
      globalForScheduler.automationScheduler = undefined;
    },
  };
  globalForScheduler.automationScheduler = scheduler;
  return scheduler;
}
