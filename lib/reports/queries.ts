import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { SupportReportDto } from "./get-support-report";

export type SupportReportRange = { from?: string; to?: string; tz: string; agentId?: string };

export const reportKeys = {
  all: ["reports"] as const,
  support: (range: SupportReportRange) => [...reportKeys.all, "support", range] as const,
  sla: () => [...reportKeys.all, "sla"] as const,
};

export function supportReportParams(range: SupportReportRange): URLSearchParams {
  const params = new URLSearchParams({ tz: range.tz });
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  if (range.agentId) params.set("agentId", range.agentId);
  return params;
}

export function supportReportOptions(range: SupportReportRange) {
  return queryOptions({
    queryKey: reportKeys.support(range),
    queryFn: ({ signal }) =>
      apiFetch<SupportReportDto>(`/api/reports/support?${supportReportParams(range)}`, { signal }),
    // Live enough for a lead watching the day: refreshed every minute while the page is open.
    refetchInterval: 60_000,
  });
}
