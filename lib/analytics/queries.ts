import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { CompareDto } from "./compare-campaigns";
import type { OverviewDto } from "./get-analytics-overview";
import type { RecipientPageDto } from "./list-campaign-recipients";
import type { CampaignAnalyticsDto, FailureBreakdownDto, SeriesDto } from "./read-models";
import type { Granularity, RecipientStatusFilter } from "./schemas";

export type RecipientTableFilter = { status?: RecipientStatusFilter; error?: string; q?: string };
export type OverviewRange = { from?: string; to?: string; tz: string };

// Query-key factory, generic to specific: invalidating analyticsKeys.campaign(id) refreshes the whole panel.
const analyticsKeys = {
  all: ["analytics"] as const,
  campaign: (id: string) => [...analyticsKeys.all, "campaign", id] as const,
  funnel: (id: string) => [...analyticsKeys.campaign(id), "funnel"] as const,
  series: (id: string, granularity: Granularity | "auto", tz: string) =>
    [...analyticsKeys.campaign(id), "series", granularity, tz] as const,
  failures: (id: string) => [...analyticsKeys.campaign(id), "failures"] as const,
  recipients: (id: string, filter: RecipientTableFilter, cursor: number | null) =>
    [...analyticsKeys.campaign(id), "recipients", filter, cursor] as const,
  overview: (range: OverviewRange) => [...analyticsKeys.all, "overview", range] as const,
  compare: (a: string, b: string, tz: string) => [...analyticsKeys.all, "compare", a, b, tz] as const,
};

/** Campaigns still changing fast: their panel polls every few seconds. */
export const LIVE_STATUSES = new Set(["RUNNING", "SCHEDULED", "PAUSED"]);

function filterParams(filter: RecipientTableFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.error) params.set("error", filter.error);
  if (filter.q) params.set("q", filter.q);
  return params;
}

export function funnelOptions(id: string) {
  return queryOptions({
    queryKey: analyticsKeys.funnel(id),
    queryFn: ({ signal }) =>
      apiFetch<CampaignAnalyticsDto>(`/api/analytics/campaigns/${encodeURIComponent(id)}`, { signal }),
  });
}

export function seriesOptions(id: string, granularity: Granularity | "auto", tz: string) {
  return queryOptions({
    queryKey: analyticsKeys.series(id, granularity, tz),
    queryFn: ({ signal }) =>
      apiFetch<SeriesDto>(
        `/api/analytics/campaigns/${encodeURIComponent(id)}/series?${new URLSearchParams({ granularity, tz })}`,
        { signal },
      ),
  });
}

export function failuresOptions(id: string) {
  return queryOptions({
    queryKey: analyticsKeys.failures(id),
    queryFn: ({ signal }) =>
      apiFetch<FailureBreakdownDto>(`/api/analytics/campaigns/${encodeURIComponent(id)}/failures`, {
        signal,
      }),
  });
}

export function recipientsOptions(
  id: string,
  filter: RecipientTableFilter,
  cursor: number | null,
  limit = 25,
) {
  return queryOptions({
    queryKey: analyticsKeys.recipients(id, filter, cursor),
    queryFn: ({ signal }) => {
      const params = filterParams(filter);
      params.set("limit", String(limit));
      if (cursor !== null) params.set("cursor", String(cursor));
      return apiFetch<RecipientPageDto>(
        `/api/analytics/campaigns/${encodeURIComponent(id)}/recipients?${params}`,
        { signal },
      );
    },
  });
}

/** The CSV download of the same filtered set (a plain link: the browser streams it to disk). */
export function recipientsExportUrl(id: string, filter: RecipientTableFilter): string {
  const params = filterParams(filter).toString();
  return `/api/analytics/campaigns/${encodeURIComponent(id)}/recipients/export${params ? `?${params}` : ""}`;
}

export function overviewOptions(range: OverviewRange) {
  return queryOptions({
    queryKey: analyticsKeys.overview(range),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ tz: range.tz });
      if (range.from) params.set("from", range.from);
      if (range.to) params.set("to", range.to);
      return apiFetch<OverviewDto>(`/api/analytics/overview?${params}`, { signal });
    },
  });
}

export function compareOptions(a: string, b: string, tz: string) {
  return queryOptions({
    queryKey: analyticsKeys.compare(a, b, tz),
    queryFn: ({ signal }) =>
      apiFetch<CompareDto>(`/api/analytics/compare?${new URLSearchParams({ a, b, tz })}`, { signal }),
  });
}
