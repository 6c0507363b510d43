"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { segmentKeys } from "../queries";
import type { SegmentDto } from "../read-models";
import type { SegmentFilter } from "../schemas";

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
