import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { CampaignDetailDto, CampaignSummaryDto, RecipientDto } from "./read-models";
import type { RecipientState } from "./states";

// Query-key factory, generic to specific: invalidating campaignKeys.all refreshes lists, details and recipients.
export const campaignKeys = {
  all: ["campaigns"] as const,
  lists: () => [...campaignKeys.all, "list"] as const,
  list: (filter: { status?: string }) => [...campaignKeys.lists(), filter] as const,
  detail: (id: string) => [...campaignKeys.all, "detail", id] as const,
  recipients: (id: string, state: RecipientState | null) =>
    [...campaignKeys.all, "recipients", id, state ?? "all"] as const,
  testPhone: () => [...campaignKeys.all, "test-phone"] as const,
};

/** The number the signed-in user's last campaign test went to (remembered on their account). */
export function testPhoneOptions(campaignId: string) {
  return queryOptions({
    queryKey: campaignKeys.testPhone(),
    queryFn: ({ signal }) =>
      apiFetch<{ phone: string | null }>(`/api/campaigns/${campaignId}/test`, { signal }),
    staleTime: Infinity,
  });
}

type ListPage = { campaigns: CampaignSummaryDto[]; nextCursor: string | null };
type RecipientPage = { recipients: RecipientDto[]; nextCursor: number | null };

/** Still moving: sends going out, or delivery reports still arriving for a recently finished campaign. */
function isLive(c: Pick<CampaignSummaryDto, "status" | "completedAt">): boolean {
  if (c.status === "RUNNING" || c.status === "SCHEDULED") return true;
  return (
    c.status === "COMPLETED" && c.completedAt !== null && Date.now() - Date.parse(c.completedAt) < 5 * 60_000
  );
}

export function campaignListOptions(filter: { status?: string } = {}) {
  return queryOptions({
    queryKey: campaignKeys.list(filter),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams(filter.status ? { status: filter.status } : {});
      return apiFetch<ListPage>(`/api/campaigns?${params}`, { signal });
    },
    // Progress bars move while a campaign sends; the list's counts are the worker's 1 s snapshots.
    refetchInterval: (query) => (query.state.data?.campaigns.some(isLive) ? 2000 : false),
  });
}

export function campaignDetailOptions(id: string) {
  return queryOptions({
    queryKey: campaignKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<{ campaign: CampaignDetailDto }>(`/api/campaigns/${id}`, { signal }),
    select: (d) => d.campaign,
    refetchInterval: (query) => {
      const c = query.state.data?.campaign;
      if (!c) return false;
      if (c.status === "RUNNING") return 1000;
      return isLive(c) || c.status === "PAUSED" ? 3000 : false;
    },
  });
}

export function recipientsOptions(id: string, state: RecipientState | null) {
  return infiniteQueryOptions({
    queryKey: campaignKeys.recipients(id, state),
    initialPageParam: null as number | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams({ limit: "50" });
      if (state) params.set("state", state);
      if (pageParam !== null) params.set("cursor", String(pageParam));
      return apiFetch<RecipientPage>(`/api/campaigns/${id}/recipients?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** Live counts of the segments a draft plans as its audience (their recipients are picked at launch). */
export function plannedSegmentCountsOptions(campaignId: string, sourceIds: string[]) {
  return queryOptions({
    queryKey: [...campaignKeys.all, "planned-segments", campaignId, sourceIds.join(",")] as const,
    queryFn: ({ signal }) =>
      apiFetch<{ counts: Record<string, { matching: number; optedOut: number }> }>(
        `/api/campaigns/${campaignId}/audience/segment`,
        { signal },
      ),
    enabled: sourceIds.length > 0,
    refetchInterval: 15_000,
  });
}
