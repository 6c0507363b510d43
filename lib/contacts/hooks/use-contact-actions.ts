"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { inboxKeys } from "../../messaging/queries";
import type { AttributeDefinitionDto } from "../attributes";
import { contactKeys } from "../queries";
import type { AttributeType } from "../schemas";
import { labelKeys } from "../../labels/queries";
import type { BulkContactAction } from "../../labels/schemas";

/** Profile writes: name and opt-out, field values, new fields, merge. Each refreshes the contacts views and the inbox. */
export function useContactActions(contactId: string) {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: contactKeys.all }),
      queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
    ]);
  };
  const base = `/api/contacts/${encodeURIComponent(contactId)}`;
  return {
    update: useMutation({
      mutationFn: (body: { name?: string | null; optedOut?: boolean; reason?: string }) =>
        apiFetch(base, { method: "PATCH", body }),
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
    /** Labels on this contact (POST /api/contacts/:id/labels, audited by the service). */
    changeLabels: useMutation({
      mutationFn: (change: { add?: string[]; remove?: string[] }) =>
        apiFetch(`${base}/labels`, { body: change }),
      onSuccess: async () => {
        await refresh();
        void queryClient.invalidateQueries({ queryKey: labelKeys.all });
      },
    }),
    merge: useMutation({
      mutationFn: (otherId: string) =>
        apiFetch<{ id: string }>(`${base}/merge`, { method: "POST", body: { otherId } }),
      onSuccess: refresh,
    }),
  };
}

/** One action on the contacts selected in the list (POST /api/contacts/bulk: one transaction, one audit entry). */
export function useBulkContacts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { contactIds: string[]; action: BulkContactAction }) =>
      apiFetch<{ requested: number; changed: number }>("/api/contacts/bulk", { body: input }),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: contactKeys.all }),
        queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
        queryClient.invalidateQueries({ queryKey: labelKeys.all }),
      ]);
    },
  });
}
