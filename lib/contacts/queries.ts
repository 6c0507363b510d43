import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { AttributeDefinitionDto } from "./attributes";
import type { ContactProfileDto } from "./get-contact-profile";
import type { ContactPageDto } from "./list-contacts";
import type { MergePreviewDto } from "./merge-contacts";

export type ContactListFilter = { q?: string; optedOut?: boolean };

// Query-key factory, generic to specific: invalidating contactKeys.all refreshes every contacts view.
export const contactKeys = {
  all: ["contacts"] as const,
  lists: () => [...contactKeys.all, "list"] as const,
  list: (filter: ContactListFilter) => [...contactKeys.lists(), filter] as const,
  profile: (id: string) => [...contactKeys.all, "profile", id] as const,
  attributes: () => [...contactKeys.all, "attributes"] as const,
  mergePreview: (id: string, otherId: string) => [...contactKeys.all, "merge", id, otherId] as const,
};

export function filterParams(filter: ContactListFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.q) params.set("q", filter.q);
  if (filter.optedOut !== undefined) params.set("optedOut", String(filter.optedOut));
  return params;
}

export function contactListOptions(filter: ContactListFilter) {
  return infiniteQueryOptions({
    queryKey: contactKeys.list(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = filterParams(filter);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<ContactPageDto>(`/api/contacts?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function contactProfileOptions(id: string) {
  return queryOptions({
    queryKey: contactKeys.profile(id),
    queryFn: ({ signal }) =>
      apiFetch<ContactProfileDto>(`/api/contacts/${encodeURIComponent(id)}`, { signal }),
  });
}

export function contactAttributesOptions() {
  return queryOptions({
    queryKey: contactKeys.attributes(),
    queryFn: ({ signal }) =>
      apiFetch<{ attributes: AttributeDefinitionDto[] }>("/api/contacts/attributes", { signal }),
  });
}

export function mergePreviewOptions(id: string, otherId: string) {
  return queryOptions({
    queryKey: contactKeys.mergePreview(id, otherId),
    queryFn: ({ signal }) =>
      apiFetch<MergePreviewDto>(
        `/api/contacts/${encodeURIComponent(id)}/merge?with=${encodeURIComponent(otherId)}`,
        { signal },
      ),
  });
}
