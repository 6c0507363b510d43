import "server-only";
import { env } from "../env";
import { log } from "../observability/logger";
import { startIntervalJob, type Scheduler } from "../scheduling/interval-job";
import { syncQualitySignals } from "./sync-quality-signals";

// Started once per server process from instrumentation.ts: a round at start, then every
// QUALITY_SIGNALS_INTERVAL_MS (0 = off); the advisory lock makes all but one instance skip a round.

export function startQualitySignalsScheduler(): Scheduler | null {
  return startIntervalJob({
    name: "quality",
    intervalMs: env().QUALITY_SIGNALS_INTERVAL_MS,
    firstDelayMs: 0,
    failureMessage: "quality signals round failed",
    run: async () => {
      const result = await syncQualitySignals();
      if (result.paused.length > 0)
        log("quality").warn({ paused: result.paused }, "campaigns paused: sender quality low");
    },
  });
}
