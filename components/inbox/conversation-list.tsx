"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, type CSSProperties, type RefObject } from "react";
import { SearchIcon } from "@/components/ui/icons";
import type { LiveState } from "@/lib/messaging/hooks/use-inbox-events";
import type { ConversationCounts, ConversationDto } from "@/lib/messaging/read-models";
import { windowState } from "@/lib/messaging/window";
import { TickGlyph } from "./status-ticks";

export type AssigneeFilter = "all" | "me" | "unassigned";
export type StatusFilter = "OPEN" | "PENDING" | "RESOLVED";

const STATUS_TABS: { value: StatusFilter; label: string }[] = [
  { value: "OPEN", label: "Open" },
  { value: "PENDING", label: "Pending" },
  { value: "RESOLVED", label: "Resolved" },
];
const ASSIGNEE_TABS: { value: AssigneeFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "me", label: "Mine" },
  { value: "unassigned", label: "Unassigned" },
];
const ROW_HEIGHT = 76;

export type ConversationListProps = {
  conversations: ConversationDto[];
  state: { pending: boolean; error: string | null; hasMore: boolean; loadingMore: boolean };
  onLoadMore: () => void;
  onRetry: () => void;
  selectedId: string | null;
  /** Phone width shows one column at a time: the list hides while a conversation is open. */
  hiddenOnPhone?: boolean;
  onSelect: (id: string) => void;
  status: StatusFilter;
  onStatus: (s: StatusFilter) => void;
  assignee: AssigneeFilter;
  onAssignee: (a: AssigneeFilter) => void;
  counts: ConversationCounts | undefined;
  q: string;
  onQuery: (q: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
  live: LiveState;
  now: number;
};

/** The inbox column: filters, search and a virtualised list that loads further pages as it scrolls. */
export function ConversationList(props: ConversationListProps) {
  const { conversations, state } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only in this component's render
  const virtualizer = useVirtualizer({
    count: conversations.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => conversations[i]?.id ?? i,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const { hasMore, loadingMore } = state;
  const { onLoadMore } = props;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= conversations.length - 10) onLoadMore();
  }, [lastIndex, conversations.length, hasMore, loadingMore, onLoadMore]);

  // Keep the keyboard-selected row in view (J/K).
  const selectedIndex = conversations.findIndex((c) => c.id === props.selectedId);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);

  const count = (s: StatusFilter) => {
    const c = props.counts?.byStatus[s];
    if (!c) return null;
    return props.assignee === "me" ? c.mine : props.assignee === "unassigned" ? c.unassigned : c.all;
  };

  return (
    <section
      aria-label="Conversations"
      className={`${props.hiddenOnPhone ? "hidden md:flex" : "flex"} w-full shrink-0 flex-col border-slate-200 bg-white md:w-80 md:border-r`}
    >
      <div className="space-y-2 border-b border-slate-200 p-3">
        <div className="flex items-center justify-between">
          <h1 className="flex items-center gap-2 text-base font-semibold">
            Inbox
            {props.counts && props.counts.unread > 0 ? (
              <span className="rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white" data-testid="unread-badge" aria-label={`${props.counts.unread} conversations with unread messages`}>
                {props.counts.unread}
              </span>
            ) : null}
          </h1>
          <LiveBadge state={props.live} />
        </div>
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-2 left-2.5 text-slate-400" />
          <input
            ref={props.searchRef}
            type="search"
            value={props.q}
            onChange={(e) => props.onQuery(e.target.value)}
            placeholder="Search name, phone, BSUID, text"
            aria-label="Search conversations"
            aria-keyshortcuts="Control+K Meta+K"
            className="w-full rounded-lg border border-slate-300 py-1.5 pr-12 pl-8 text-sm outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30"
          />
          <kbd className="pointer-events-none absolute top-1.5 right-2 hidden rounded border border-slate-200 px-1 text-[10px] text-slate-400 md:block">Ctrl K</kbd>
        </div>
        <div role="tablist" aria-label="Assignee" className="flex rounded-lg bg-slate-100 p-0.5">
          {ASSIGNEE_TABS.map((tab) => (
            <button
              key={tab.value}
              role="tab"
              aria-selected={props.assignee === tab.value}
              onClick={() => props.onAssignee(tab.value)}
              className={`flex-1 rounded-md px-2 py-1 text-xs font-medium focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none ${
                props.assignee === tab.value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900"
              }`}
            >
              {tab.label}
            </button>
          ))}
        </div>
        <div role="tablist" aria-label="Status" className="flex gap-1">
          {STATUS_TABS.map((tab) => {
            const n = count(tab.value);
            return (
              <button
                key={tab.value}
                role="tab"
                aria-selected={props.status === tab.value}
                onClick={() => props.onStatus(tab.value)}
                className={`flex items-center gap-1 rounded-md px-2.5 py-1 text-xs font-medium focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none ${
                  props.status === tab.value ? "bg-emerald-600 text-white" : "text-slate-600 hover:bg-slate-100"
                }`}
              >
                {tab.label}
                {n !== null ? <span className={`tabular-nums ${props.status === tab.value ? "text-emerald-100" : "text-slate-400"}`}>{n.toLocaleString()}</span> : null}
              </button>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-scroller">
        {state.pending ? (
          <ListSkeleton />
        ) : state.error ? (
          <p role="alert" className="p-4 text-sm text-red-700">
            Could not load conversations: {state.error}{" "}
            <button className="underline" onClick={props.onRetry}>
              Retry
            </button>
          </p>
        ) : conversations.length === 0 ? (
          <EmptyList q={props.q} assignee={props.assignee} status={props.status} />
        ) : (
          <ul style={{ height: virtualizer.getTotalSize(), position: "relative" }} aria-label="Conversation list">
            {items.map((item) => {
              const c = conversations[item.index];
              if (!c) return null;
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)` }}
                >
                  <ConversationRow conversation={c} selected={c.id === props.selectedId} onSelect={props.onSelect} now={props.now} />
                </li>
              );
            })}
          </ul>
        )}
        {loadingMore ? <p className="py-3 text-center text-xs text-slate-500">Loading more…</p> : null}
      </div>
    </section>
  );
}

function EmptyList({ q, assignee, status }: { q: string; assignee: AssigneeFilter; status: StatusFilter }) {
  const title = q
    ? "No conversations match your search"
    : assignee === "me"
      ? `Nothing ${status.toLowerCase()} is assigned to you`
      : assignee === "unassigned"
        ? `No unassigned ${status.toLowerCase()} conversations`
        : `No ${status.toLowerCase()} conversations`;
  const body = q
    ? "Search looks at names, phone numbers, BSUIDs and message text (3+ characters). Try fewer words or another tab."
    : status === "OPEN"
      ? "New customer messages appear here the moment they arrive."
      : "Switch tabs to see the rest of the inbox.";
  return (
    <div className="p-6 text-center text-sm text-slate-500">
      <p className="font-medium text-slate-700">{title}</p>
      <p className="mt-1">{body}</p>
    </div>
  );
}

function ConversationRow({ conversation: c, selected, onSelect, now }: { conversation: ConversationDto; selected: boolean; onSelect: (id: string) => void; now: number }) {
  const name = contactName(c.contact);
  const open = windowState(c.lastInboundAt, now).open;
  const unread = c.unreadCount > 0;
  return (
    <button
      onClick={() => onSelect(c.id)}
      aria-current={selected ? "true" : undefined}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      className={`flex h-[76px] w-full gap-3 border-b border-slate-100 px-3 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:outline-none ${
        selected ? "bg-emerald-50/70 shadow-[inset_3px_0_0_0_var(--color-emerald-600)]" : ""
      }`}
    >
      <Avatar name={name} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline justify-between gap-2">
          <span className={`truncate text-sm ${unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}>{name}</span>
          <time className={`shrink-0 text-[11px] ${unread ? "font-semibold text-emerald-700" : "text-slate-500"}`} dateTime={c.lastMessageAt}>
            {relativeTime(c.lastMessageAt, now)}
          </time>
        </span>
        <span className="mt-0.5 flex items-center gap-1">
          {c.lastMessage?.direction === "OUTBOUND" && c.lastMessage.status ? (
            <span className="shrink-0" data-testid="preview-ticks" data-status={c.lastMessage.status}>
              <TickGlyph status={c.lastMessage.status} />
            </span>
          ) : null}
          <span className={`truncate text-xs ${unread ? "text-slate-800" : "text-slate-500"}`}>{c.lastMessageText ?? "No messages yet"}</span>
          {unread ? (
            <span aria-label={`${c.unreadCount} unread`} className="ml-auto shrink-0 rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white">
              {c.unreadCount}
            </span>
          ) : null}
        </span>
        <span className="mt-1 flex items-center gap-1.5 text-[10px] text-slate-400">
          {c.assignee ? <span className="truncate">@{c.assignee.name}</span> : <span>Unassigned</span>}
          {!open ? <span className="tracking-wide uppercase">· Template only</span> : null}
        </span>
      </span>
    </button>
  );
}

export function contactName(contact: ConversationDto["contact"]): string {
  return contact.name || contact.phone || contact.bsuid || "Unknown customer";
}

export function Avatar({ name, size = "md" }: { name: string; size?: "md" | "lg" }) {
  const initials =
    name
      .replace(/[^\p{L}\p{N} ]/gu, "")
      .split(" ")
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]?.toUpperCase())
      .join("") || "#";
  const hue = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);
  return (
    <span
      aria-hidden
      style={{ "--avatar-hue": hue } as CSSProperties}
      className={`avatar-tint flex shrink-0 items-center justify-center rounded-full font-semibold ${size === "lg" ? "h-14 w-14 text-lg" : "h-9 w-9 text-xs"}`}
    >
      {initials}
    </span>
  );
}

function LiveBadge({ state }: { state: LiveState }) {
  const text = { live: "Live", connecting: "Connecting…", offline: "Reconnecting… (refreshing every 10 s)" }[state];
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
      {Array.from({ length: 7 }, (_, i) => (
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
