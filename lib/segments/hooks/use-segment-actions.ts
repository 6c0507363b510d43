"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { segmentKeys } from "../queries";
import type { SegmentDto } from "../read-models";
import type { FollowUpInput, SegmentFilter } from "../schemas";

export function useSegmentActions() {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: segmentKeys.all });
  const save = useMutation({
    mutationFn: ({ id, name, filter }: { id: string | null; name: string; filter: SegmentFilter }) =>
      id
        ? apiFetch<{ segment: SegmentDto }>(`/api/segments/${id}`, {
            method: "PATCH",
            body: { name, filter },
          })
        : apiFetch<{ segment: SegmentDto }>("/api/segments", { body: { name, filter } }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/segments/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  return { save, remove };
}

/** Makes (or reuses) a campaign's engagement segment for a one-click follow-up. */
export function useCreateFollowUpSegment(campaignId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (kind: FollowUpInput["kind"]) =>
      apiFetch<{ segment: SegmentDto }>(`/api/analytics/campaigns/${campaignId}/follow-up`, {
        body: { kind },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
  });
}
