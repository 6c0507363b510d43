import "server-only";
import { withAdvisoryLock } from "../advisory-lock";
import { isCampaignReportType, parseReportsList, type ReportRunRef } from "../connectly/campaign-report";
import { connectly } from "../connectly/config";
import {
  importCampaignReport,
  type ReportImportResult,
  type ReportImportTrigger,
} from "./import-campaign-report";

// How report runs reach the importer: the `report` webhook (lib/messaging/ingest-webhook.ts, in the background)
// and a poll of the Reports API (report-scheduler.ts). Both go through importReportRun, which dedupes on the run.

const LOCK_KEY = 0x52505254; // "RPRT"

/** The Reports API's current view of one report (a fresh signed URL for an expired one). */
async function currentRun(reportId: string): Promise<ReportRunRef | null> {
  return parseReportsList(await connectly().listReports()).find((r) => r.reportId === reportId) ?? null;
}

export async function importReportRun(
  ref: ReportRunRef,
  trigger: ReportImportTrigger,
  options: { force?: boolean } = {},
): Promise<ReportImportResult> {
  if (!isCampaignReportType(ref.type) && ref.type !== null)
    return { state: "skipped", reason: `report type ${ref.type} is not a campaign report` };
  return importCampaignReport(ref, {
    trigger,
    force: options.force,
    refresh: () => currentRun(ref.reportId),
  });
}

/** One poll: every campaign report's latest completed run not imported yet. Null when another instance polls. */
export async function pollCampaignReports(): Promise<ReportImportResult[] | null> {
  const outcome = await withAdvisoryLock(LOCK_KEY, async () => {
    const reports = parseReportsList(await connectly().listReports()).filter((r) =>
      isCampaignReportType(r.type),
    );
    const results: ReportImportResult[] = [];
    for (const report of reports) {
      if (report.status !== "completed" || !report.url) continue;
      results.push(await importReportRun(report, "poll"));
    }
    return results;
  });
  return outcome.acquired ? outcome.result : null;
}
