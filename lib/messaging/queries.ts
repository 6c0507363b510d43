import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { ConversationDto, MessageDto } from "./read-models";

// Query-key factory, generic to specific: invalidating inboxKeys.all refreshes everything in the inbox.
export const inboxKeys = {
  all: ["inbox"] as const,
  conversationLists: () => [...inboxKeys.all, "conversations"] as const,
  conversations: (filter: { status?: string; q?: string }) => [...inboxKeys.conversationLists(), filter] as const,
  conversation: (id: string) => [...inboxKeys.all, "conversation", id] as const,
  messages: (id: string) => [...inboxKeys.all, "messages", id] as const,
};

type ConversationPage = { conversations: ConversationDto[]; nextCursor: string | null };
type MessagePage = { messages: MessageDto[]; previousCursor: string | null };

export function conversationListOptions(filter: { status?: string; q?: string }) {
  return infiniteQueryOptions({
    queryKey: inboxKeys.conversations(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      if (filter.status) params.set("status", filter.status);
      if (filter.q) params.set("q", filter.q);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<ConversationPage>(`/api/conversations?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function conversationOptions(id: string) {
  return queryOptions({
    queryKey: inboxKeys.conversation(id),
    queryFn: ({ signal }) => apiFetch<{ conversation: ConversationDto }>(`/api/conversations/${id}`, { signal }),
    select: (d) => d.conversation,
  });
}

export function messagesOptions(id: string) {
  return queryOptions({
    queryKey: inboxKeys.messages(id),
    queryFn: ({ signal }) => apiFetch<MessagePage>(`/api/conversations/${id}/messages?limit=100`, { signal }),
  });
}
