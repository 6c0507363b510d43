"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { fallbackInterval, type LiveState } from "@/lib/messaging/hooks/use-inbox-events";
import { conversationListOptions } from "@/lib/messaging/queries";
import type { ConversationDto } from "@/lib/messaging/read-models";
import { windowState } from "@/lib/messaging/window";

const STATUS_TABS = [
  { value: "OPEN", label: "Open" },
  { value: "PENDING", label: "Pending" },
  { value: "RESOLVED", label: "Resolved" },
  { value: "", label: "All" },
] as const;

export function ConversationList(props: {
  selectedId: string | null;
  onSelect: (id: string) => void;
  status: string;
  onStatus: (s: string) => void;
  q: string;
  onQuery: (q: string) => void;
  live: LiveState;
  now: number;
}) {
  const query = useInfiniteQuery({
    ...conversationListOptions({ status: props.status || undefined, q: props.q || undefined }),
    refetchInterval: fallbackInterval(props.live),
  });
  const conversations = query.data?.pages.flatMap((p) => p.conversations) ?? [];

  return (
    <section aria-label="Conversations" className="flex w-80 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="space-y-2 border-b border-slate-200 p-3">
        <div className="flex items-center justify-between">
          <h1 className="text-base font-semibold">Inbox</h1>
          <LiveBadge state={props.live} />
        </div>
        <input
          type="search"
          value={props.q}
          onChange={(e) => props.onQuery(e.target.value)}
          placeholder="Search name, phone or BSUID"
          aria-label="Search conversations"
          className="w-full rounded-lg border border-slate-300 px-3 py-1.5 text-sm outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30"
        />
        <div role="tablist" aria-label="Status" className="flex gap-1">
          {STATUS_TABS.map((tab) => (
            <button
              key={tab.value}
              role="tab"
              aria-selected={props.status === tab.value}
              onClick={() => props.onStatus(tab.value)}
              className={`rounded-md px-2.5 py-1 text-xs font-medium ${
                props.status === tab.value ? "bg-emerald-600 text-white" : "text-slate-600 hover:bg-slate-100"
              }`}
            >
              {tab.label}
            </button>
          ))}
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {query.isPending ? (
          <ListSkeleton />
        ) : query.isError ? (
          <p role="alert" className="p-4 text-sm text-red-700">
            Could not load conversations: {query.error.message}{" "}
            <button className="underline" onClick={() => void query.refetch()}>
              Retry
            </button>
          </p>
        ) : conversations.length === 0 ? (
          <div className="p-6 text-center text-sm text-slate-500">
            <p className="font-medium text-slate-700">No conversations {props.q ? "match your search" : "here yet"}</p>
            <p className="mt-1">New customer messages appear here the moment they arrive.</p>
          </div>
        ) : (
          <ul>
            {conversations.map((c) => (
              <ConversationRow key={c.id} conversation={c} selected={c.id === props.selectedId} onSelect={props.onSelect} now={props.now} />
            ))}
          </ul>
        )}
        {query.hasNextPage ? (
          <button
            onClick={() => void query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
            className="w-full py-3 text-xs font-medium text-emerald-700 hover:bg-slate-50"
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function ConversationRow({ conversation: c, selected, onSelect, now }: { conversation: ConversationDto; selected: boolean; onSelect: (id: string) => void; now: number }) {
  const name = contactName(c.contact);
  const open = windowState(c.lastInboundAt, now).open;
  return (
    <li>
      <button
        onClick={() => onSelect(c.id)}
        aria-current={selected ? "true" : undefined}
        data-testid="conversation-row"
        className={`flex w-full gap-3 border-b border-slate-100 px-3 py-3 text-left hover:bg-slate-50 ${selected ? "bg-emerald-50/60" : ""}`}
      >
        <Avatar name={name} />
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline justify-between gap-2">
            <span className="truncate text-sm font-medium text-slate-900">{name}</span>
            <time className="shrink-0 text-[11px] text-slate-500" dateTime={c.lastMessageAt}>
              {relativeTime(c.lastMessageAt, now)}
            </time>
          </span>
          <span className="mt-0.5 flex items-center gap-2">
            <span className="truncate text-xs text-slate-500">{c.lastMessageText ?? "No messages yet"}</span>
            {c.unreadCount > 0 ? (
              <span aria-label={`${c.unreadCount} unread`} className="ml-auto rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white">
                {c.unreadCount}
              </span>
            ) : null}
          </span>
          {!open ? <span className="mt-1 inline-block text-[10px] uppercase tracking-wide text-slate-400">Template only</span> : null}
        </span>
      </button>
    </li>
  );
}

export function contactName(contact: ConversationDto["contact"]): string {
  return contact.name || contact.phone || contact.bsuid || "Unknown customer";
}

export function Avatar({ name }: { name: string }) {
  const initials = name.replace(/[^\p{L}\p{N} ]/gu, "").split(" ").filter(Boolean).slice(0, 2).map((w) => w[0]?.toUpperCase()).join("") || "#";
  return (
    <span aria-hidden className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700">
      {initials}
    </span>
  );
}

function LiveBadge({ state }: { state: LiveState }) {
  const text = { live: "Live", connecting: "Connecting…", offline: "Reconnecting…" }[state];
  const dot = { live: "bg-emerald-500", connecting: "bg-amber-400", offline: "bg-red-500" }[state];
  return (
    <span className="flex items-center gap-1.5 text-[11px] text-slate-500" data-testid="live-state" data-state={state}>
      <span className={`h-2 w-2 rounded-full ${dot}`} aria-hidden />
      {text}
    </span>
  );
}

function relativeTime(iso: string, now: number): string {
  const diff = Math.max(0, now - new Date(iso).getTime());
  if (diff < 60_000) return "now";
  if (diff < 3_600_000) return `${Math.floor(diff / 60_000)}m`;
  if (diff < 86_400_000) return `${Math.floor(diff / 3_600_000)}h`;
  return new Date(iso).toLocaleDateString([], { month: "short", day: "numeric" });
}

function ListSkeleton() {
  return (
    <ul aria-busy="true" aria-label="Loading conversations">
      {Array.from({ length: 6 }, (_, i) => (
        <li key={i} className="flex gap-3 border-b border-slate-100 px-3 py-3">
          <span className="h-9 w-9 animate-pulse rounded-full bg-slate-200" />
          <span className="flex-1 space-y-2">
            <span className="block h-3 w-1/2 animate-pulse rounded bg-slate-200" />
            <span className="block h-3 w-3/4 animate-pulse rounded bg-slate-100" />
          </span>
        </li>
      ))}
    </ul>
  );
}
