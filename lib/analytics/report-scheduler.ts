import "server-only";
import { env } from "../env";
import { log } from "../observability/logger";
import { startIntervalJob, type Scheduler } from "../scheduling/interval-job";
import { pollCampaignReports } from "./sync-campaign-reports";

// Started once per server process from instrumentation.ts: a poll of the Reports API shortly after start, then every
// REPORTS_POLL_INTERVAL_MS (0 = off); the advisory lock makes all but one instance skip a round. The `report` webhook
// imports a run as soon as it completes; the poll catches runs whose webhook never came.

export function startReportScheduler(): Scheduler | null {
  return startIntervalJob({
    name: "reports",
    intervalMs: env().REPORTS_POLL_INTERVAL_MS,
    firstDelayMs: 5_000,
    failureMessage: "campaign report poll failed",
    run: async () => {
      const results = await pollCampaignReports();
      const imported = results?.filter((r) => r.state !== "skipped") ?? [];
      if (imported.length > 0) log("reports").info({ imported }, "campaign reports imported");
    },
  });
}
