import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { TemplateListDto } from "./list-templates";

// Query-key factory, generic to specific: invalidating templateKeys.all refreshes the library, the pickers and
// the sync status together.

export type TemplateListFilter = { status?: string; category?: string; language?: string; q?: string };

export const templateKeys = {
  all: ["templates"] as const,
  lists: () => [...templateKeys.all, "list"] as const,
  list: (filter: TemplateListFilter) => [...templateKeys.lists(), filter] as const,
  sync: () => [...templateKeys.all, "sync"] as const,
};

export function templateListOptions(filter: TemplateListFilter = {}) {
  return queryOptions({
    queryKey: templateKeys.list(filter),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
      return apiFetch<TemplateListDto>(`/api/templates?${params}`, { signal });
    },
  });
}
