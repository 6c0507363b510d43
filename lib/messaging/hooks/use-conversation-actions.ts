"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { inboxKeys } from "../queries";
import type { ConversationDto, NoteDto } from "../read-models";

/** Assign, change status, add a note, edit the contact: each refreshes what it changed (the live stream does the rest). */
export function useConversationActions(conversationId: string) {
  const queryClient = useQueryClient();
  const onConversation = (data: { conversation: ConversationDto }) => {
    queryClient.setQueryData(inboxKeys.conversation(conversationId), data);
    void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
    void queryClient.invalidateQueries({ queryKey: inboxKeys.counts() });
    void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversationId) });
  };

  const assign = useMutation({
    mutationFn: (assigneeId: string | null) =>
      apiFetch<{ conversation: ConversationDto }>(`/api/conversations/${conversationId}/assign`, {
        body: { assigneeId },
      }),
    onSuccess: onConversation,
  });
  const setStatus = useMutation({
    mutationFn: (status: ConversationDto["status"]) =>
      apiFetch<{ conversation: ConversationDto }>(`/api/conversations/${conversationId}/status`, {
        body: { status },
      }),
    onSuccess: onConversation,
  });
  const addNote = useMutation({
    mutationFn: (body: string) =>
      apiFetch<{ note: NoteDto }>(`/api/conversations/${conversationId}/notes`, { body: { body } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversationId) }),
  });
  const updateContact = useMutation({
    mutationFn: (patch: { name?: string | null; optedOut?: boolean; reason?: string }) =>
      apiFetch(`/api/conversations/${conversationId}/contact`, { method: "PATCH", body: patch }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.contact(conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      // An opt-out change adds an activity line to the thread.
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversationId) });
    },
  });
  return { assign, setStatus, addNote, updateContact };
}

/** Marks a conversation read (opening it): its unread badge and the counts refresh. */
export function useMarkConversationRead(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch(`/api/conversations/${conversationId}/read`, { method: "POST" }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.counts() });
    },
  });
}

/** Resolves any conversation by id (the inbox's E shortcut on the selected row). */
export function useResolveConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch(`/api/conversations/${id}/status`, { body: { status: "RESOLVED" } }),
    onSuccess: (_d, id) => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(id) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(id) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.counts() });
    },
  });
}
