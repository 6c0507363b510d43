import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { SegmentCount } from "./count-segment";
import type { SegmentDto } from "./read-models";
import type { SegmentFilter } from "./schemas";

export const segmentKeys = {
  all: ["segments"] as const,
  list: () => [...segmentKeys.all, "list"] as const,
  count: (filter: SegmentFilter) => [...segmentKeys.all, "count", JSON.stringify(filter)] as const,
};

export function segmentsOptions() {
  return queryOptions({
    queryKey: segmentKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ segments: SegmentDto[] }>("/api/segments", { signal }),
    select: (d) => d.segments,
  });
}

/** The live count of a filter (saved or not). */
export function segmentCountOptions(filter: SegmentFilter) {
  return queryOptions({
    queryKey: segmentKeys.count(filter),
    queryFn: ({ signal }) =>
      apiFetch<{ count: SegmentCount }>("/api/segments/count", { body: { filter }, signal }),
    select: (d) => d.count,
    staleTime: 10_000,
  });
}
