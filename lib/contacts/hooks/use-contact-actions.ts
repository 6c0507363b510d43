"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { inboxKeys } from "../../messaging/queries";
import type { AttributeDefinitionDto } from "../attributes";
import { contactKeys } from "../queries";
import type { AttributeType } from "../schemas";

/** Profile writes: name and opt-out, field values, new fields, merge. Each refreshes the contacts views and the inbox. */
export function useContactActions(contactId: string) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: contactKeys.all }), queryClient.invalidateQueries({ queryKey: inboxKeys.all })]);
  };
  const base = `/api/contacts/${encodeURIComponent(contactId)}`;
  return {
    update: useMutation({
      mutationFn: (body: { name?: string | null; optedOut?: boolean; reason?: string }) => apiFetch(base, { method: "PATCH", body }),
      onSuccess: refresh,
    }),
    setAttributes: useMutation({
      mutationFn: (attributes: Record<string, string | number | boolean | null>) =>
        apiFetch(`${base}/attributes`, { method: "PATCH", body: { attributes } }),
      onSuccess: refresh,
    }),
    createAttribute: useMutation({
      mutationFn: (body: { label: string; type: AttributeType }) =>
        apiFetch<{ attribute: AttributeDefinitionDto }>("/api/contacts/attributes", { method: "POST", body }),
      onSuccess: refresh,
    }),
    merge: useMutation({
      mutationFn: (otherId: string) => apiFetch<{ id: string }>(`${base}/merge`, { method: "POST", body: { otherId } }),
      onSuccess: refresh,
    }),
  };
}
