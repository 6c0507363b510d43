import "server-only";
import { env } from "../env";
import { log } from "../observability/logger";
import { syncQualitySignals } from "./sync-quality-signals";

// Started once per server process from instrumentation.ts: a round at start, then every
// QUALITY_SIGNALS_INTERVAL_MS (0 = off); the advisory lock makes all but one instance skip a round.

type Scheduler = { stop(): void };
const holder = globalThis as unknown as { qualityScheduler?: Scheduler };

export function startQualitySignalsScheduler(): Scheduler | null {
  if (holder.qualityScheduler) return holder.qualityScheduler;
  const interval = env().QUALITY_SIGNALS_INTERVAL_MS;
  if (interval === 0) return null;
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const result = await syncQualitySignals();
      if (result.paused.length > 0)
        log("quality").warn({ paused: result.paused }, "campaigns paused: sender quality low");
    } catch (error) {
      // Logged, not thrown: an outage must not take the server down; the next round retries.
      log("quality").error({ err: error }, "quality signals round failed");
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void round(), 0);
  const timer = setInterval(() => void round(), interval);
  first.unref();
  timer.unref();
  const scheduler: Scheduler = {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
      holder.qualityScheduler = undefined;
    },
  };
  holder.qualityScheduler = scheduler;
  return scheduler;
}
