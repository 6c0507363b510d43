import { infiniteQueryOptions, queryOptions, type InfiniteData } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type {
  AssigneeDto,
  CannedResponseDto,
  ContactPanelDto,
  ConversationCounts,
  ConversationDto,
  MessageDto,
  NoteDto,
} from "./read-models";
import type { SlaPolicy } from "../reports/sla";

export type ConversationListFilter = {
  status?: string;
  assignee?: "me" | "unassigned";
  q?: string;
  label?: string;
  sla?: "breached";
};

// Query-key factory, generic to specific: invalidating inboxKeys.all refreshes everything in the inbox.
export const inboxKeys = {
  all: ["inbox"] as const,
  conversationLists: () => [...inboxKeys.all, "conversations"] as const,
  conversations: (filter: ConversationListFilter) => [...inboxKeys.conversationLists(), filter] as const,
  counts: () => [...inboxKeys.all, "counts"] as const,
  conversation: (id: string) => [...inboxKeys.all, "conversation", id] as const,
  messages: (id: string) => [...inboxKeys.all, "messages", id] as const,
  contact: (id: string) => [...inboxKeys.all, "contact", id] as const,
  assignees: () => [...inboxKeys.all, "assignees"] as const,
  cannedResponses: () => [...inboxKeys.all, "canned-responses"] as const,
};

/** slaPolicy: the SLA targets and how they are measured, for the rows' badges (lib/reports/sla.ts). */
export type ConversationPage = {
  conversations: ConversationDto[];
  nextCursor: string | null;
  slaPolicy?: SlaPolicy;
};
export type MessagePage = { messages: MessageDto[]; notes: NoteDto[]; previousCursor: string | null };
/** pages[0] is the newest page; later pages go back in time. */
export type MessagePages = InfiniteData<MessagePage, string | null>;

export function conversationListOptions(filter: ConversationListFilter) {
  return infiniteQueryOptions({
    queryKey: inboxKeys.conversations(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = new URLSearchParams();
      if (filter.status) params.set("status", filter.status);
      if (filter.assignee) params.set("assignee", filter.assignee);
      if (filter.q) params.set("q", filter.q);
      if (filter.label) params.set("label", filter.label);
      if (filter.sla) params.set("sla", filter.sla);
      if (pageParam) params.set("cursor", pageParam);
      return apiFetch<ConversationPage>(`/api/conversations?${params}`, { signal });
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function countsOptions() {
  return queryOptions({
    queryKey: inboxKeys.counts(),
    queryFn: ({ signal }) => apiFetch<ConversationCounts>("/api/conversations/counts", { signal }),
  });
}

export function conversationOptions(id: string) {
  return queryOptions({
    queryKey: inboxKeys.conversation(id),
    queryFn: ({ signal }) =>
      apiFetch<{ conversation: ConversationDto }>(`/api/conversations/${id}`, { signal }),
    select: (d) => d.conversation,
  });
}

export function messagesOptions(id: string) {
  return infiniteQueryOptions({
    queryKey: inboxKeys.messages(id),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      apiFetch<MessagePage>(
        `/api/conversations/${id}/messages?limit=100${pageParam ? `&before=${encodeURIComponent(pageParam)}` : ""}`,
        {
          signal,
        },
      ),
    getNextPageParam: (last) => last.previousCursor,
  });
}

export function contactOptions(id: string) {
  return queryOptions({
    queryKey: inboxKeys.contact(id),
    queryFn: ({ signal }) => apiFetch<ContactPanelDto>(`/api/conversations/${id}/contact`, { signal }),
  });
}

export function assigneesOptions() {
  return queryOptions({
    queryKey: inboxKeys.assignees(),
    queryFn: ({ signal }) =>
      apiFetch<{ assignees: AssigneeDto[] }>("/api/conversations/assignees", { signal }),
    select: (d) => d.assignees,
    staleTime: 60_000,
  });
}

export function cannedResponsesOptions() {
  return queryOptions({
    queryKey: inboxKeys.cannedResponses(),
    queryFn: ({ signal }) =>
      apiFetch<{ cannedResponses: CannedResponseDto[] }>("/api/canned-responses", { signal }),
    select: (d) => d.cannedResponses,
    staleTime: 30_000,
  });
}

/** The conversation with exactly this phone number, if there is one (the inbox search, then an exact match). */
export async function findConversationByPhone(phone: string): Promise<ConversationDto | null> {
  const { conversations } = await apiFetch<{ conversations: ConversationDto[] }>(
    `/api/conversations?${new URLSearchParams({ q: phone, limit: "20" })}`,
  );
  return conversations.find((c) => c.contact.phone === phone) ?? null;
}
