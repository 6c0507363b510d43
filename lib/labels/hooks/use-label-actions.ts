"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { inboxKeys } from "../../messaging/queries";
import { labelKeys } from "../queries";
import type { LabelDto } from "../read-models";
import type { BulkConversationAction, CreateLabelInput, UpdateLabelInput } from "../schemas";

/** Settings → Labels: create, rename/recolour, delete. Each refreshes the label list and the inbox (chips). */
export function useManageLabels() {
  const queryClient = useQueryClient();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: labelKeys.all });
    void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
  };
  const create = useMutation({
    mutationFn: (input: CreateLabelInput) => apiFetch<{ label: LabelDto }>("/api/labels", { body: input }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, ...input }: UpdateLabelInput & { id: string }) =>
      apiFetch<{ label: LabelDto }>(`/api/labels/${id}`, { method: "PATCH", body: input }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/labels/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  return { create, update, remove };
}

/** Labels on one conversation or one contact (thread header, contact panel). */
export function useChangeLabels(target: "conversation" | "contact", id: string, conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { add?: string[]; remove?: string[] }) =>
      apiFetch<{ labels: LabelDto[] }>(
        `/api/${target === "conversation" ? "conversations" : "contacts"}/${id}/labels`,
        { body: change },
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.contact(conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      void queryClient.invalidateQueries({ queryKey: labelKeys.all });
    },
  });
}

/** One action on the conversations selected in the inbox list. */
export function useBulkConversations() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { conversationIds: string[]; action: BulkConversationAction }) =>
      apiFetch<{ requested: number; changed: number }>("/api/conversations/bulk", { body: input }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
      void queryClient.invalidateQueries({ queryKey: labelKeys.all });
    },
  });
}
