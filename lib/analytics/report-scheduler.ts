import "server-only";
import { env } from "../env";
import { log } from "../observability/logger";
import { pollCampaignReports } from "./sync-campaign-reports";

// Started once per server process from instrumentation.ts: a poll of the Reports API shortly after start, then every
// REPORTS_POLL_INTERVAL_MS (0 = off); the advisory lock makes all but one instance skip a round. The `report` webhook
// imports a run as soon as it completes; the poll catches runs whose webhook never came.

type Scheduler = { stop(): void };
const holder = globalThis as unknown as { reportScheduler?: Scheduler };

export function startReportScheduler(): Scheduler | null {
  if (holder.reportScheduler) return holder.reportScheduler;
  const interval = env().REPORTS_POLL_INTERVAL_MS;
  if (interval === 0) return null;
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      const results = await pollCampaignReports();
      const imported = results?.filter((r) => r.state !== "skipped") ?? [];
      if (imported.length > 0) log("reports").info({ imported }, "campaign reports imported");
    } catch (error) {
      // Logged, not thrown: an outage must not take the server down; the next round retries.
      log("reports").error({ err: error }, "campaign report poll failed");
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void round(), 5_000);
  const timer = setInterval(() => void round(), interval);
  first.unref();
  timer.unref();
  const scheduler: Scheduler = {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
      holder.reportScheduler = undefined;
    },
  };
  holder.reportScheduler = scheduler;
  return scheduler;
}
