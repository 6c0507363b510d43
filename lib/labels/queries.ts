import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { LabelWithUsageDto } from "./read-models";

export const labelKeys = {
  all: ["labels"] as const,
  list: () => [...labelKeys.all, "list"] as const,
};

export function labelsOptions() {
  return queryOptions({
    queryKey: labelKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ labels: LabelWithUsageDto[] }>("/api/labels", { signal }),
    select: (d) => d.labels,
    staleTime: 30_000,
  });
}
