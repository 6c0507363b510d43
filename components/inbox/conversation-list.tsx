"use client";

import { RowCheckbox } from "@/components/ui/row-checkbox";
import { BareButton } from "@/components/ui/bare-button";
import { Checkbox, Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { Segmented } from "@/components/ui/segmented";
import { useRowSelection } from "@/components/ui/use-row-selection";
import { useQuery } from "@tanstack/react-query";
import { formatDate } from "@/lib/format/date-time";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState, type CSSProperties, type ReactNode, type RefObject } from "react";
import { LabelChip, mergeLabels } from "@/components/labels/label-chip";
import { useBulkConversations } from "@/lib/labels/hooks/use-label-actions";
import { labelsOptions } from "@/lib/labels/queries";
import { assigneesOptions } from "@/lib/messaging/queries";
import type { LiveState } from "@/lib/messaging/hooks/use-inbox-events";
import type { ConversationCounts, ConversationDto } from "@/lib/messaging/read-models";
import { windowState } from "@/lib/messaging/window";
import { slaStatus, worstSla, type SlaPolicy } from "@/lib/reports/sla";
import { TickGlyph } from "./status-ticks";
import { Button } from "@/components/ui/button";
import { ErrorNote } from "@/components/ui/card";

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
  /** The label filter (a label id), null for every conversation. */
  labelId?: string | null;
  onLabel?: (labelId: string | null) => void;
  /** SLA targets and how they are measured (from the list response), for the rows' badges; null = none yet. */
  slaPolicy?: SlaPolicy | null;
  /** "SLA breached" filter. */
  slaBreached?: boolean;
  onSlaBreached?: (on: boolean) => void;
  /** Shows the selection checkboxes and bulk actions. */
  canReply?: boolean;
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
  // Not while the list is hidden (a phone shows the thread in its place): a scroll element of no height would be
  // left scrolled past the row, and Back would land further down the list than where it was left.
  useEffect(() => {
    if (selectedIndex >= 0 && (scrollRef.current?.clientHeight ?? 0) > 0)
      virtualizer.scrollToIndex(selectedIndex, { align: "auto" });
  }, [selectedIndex, virtualizer]);

  // Multi-select for bulk actions: a click toggles one row, Shift+click selects the range from the last clicked.
  const rows = useRowSelection(conversations.map((c) => c.id));
  const [bulkNotice, setBulkNotice] = useState<string | null>(null);
  const selection = rows.selection;
  const toggleRow = rows.toggle;
  // X selects the open conversation (when not typing).
  const keyRef = useRef({ selectedIndex, toggleRow });
  useEffect(() => {
    keyRef.current = { selectedIndex, toggleRow };
  });
  const canSelect = Boolean(props.canReply);
  useEffect(() => {
    if (!canSelect) return;
    function onKey(e: KeyboardEvent) {
      const el = e.target as HTMLElement | null;
      if (
        e.key !== "x" ||
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        (el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)))
      )
        return;
      if (document.querySelector('dialog[open], [role="dialog"]')) return;
      const { selectedIndex: index, toggleRow: toggle } = keyRef.current;
      if (index < 0) return;
      e.preventDefault();
      toggle(index, false);
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [canSelect]);

  const count = (s: StatusFilter) => {
    const c = props.counts?.byStatus[s];
    if (!c) return null;
    return props.assignee === "me" ? c.mine : props.assignee === "unassigned" ? c.unassigned : c.all;
  };

  return (
    <section
      aria-label="Conversations"
      className={`${props.hiddenOnPhone ? "hidden md:flex" : "flex"} w-full shrink-0 flex-col border-slate-200 bg-white md:w-72 md:border-r xl:w-80`}
    >
      <div className="space-y-2 border-b border-slate-200 p-3">
        <div className="flex items-center justify-between">
          <h1 className="flex items-center gap-2 text-base font-semibold">
            Inbox
            {props.counts && props.counts.unread > 0 ? (
              <span
                className="rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white"
                data-testid="unread-badge"
                role="img"
                aria-label={`${props.counts.unread} conversations with unread messages`}
              >
                {props.counts.unread}
              </span>
            ) : null}
          </h1>
          <LiveBadge state={props.live} />
        </div>
        <div className="relative">
          <SearchInput
            ref={props.searchRef}
            value={props.q}
            onChange={props.onQuery}
            placeholder="Name, phone or text"
            label="Search conversations"
            keyShortcuts="Control+K Meta+K"
          />
          {props.q ? null : (
            <kbd className="pointer-events-none absolute top-2 right-2 hidden rounded border border-slate-200 px-1 text-[10px] text-slate-500 md:block">
              Ctrl K
            </kbd>
          )}
        </div>
        <Segmented
          label="Assignee"
          value={props.assignee}
          onChange={props.onAssignee}
          options={ASSIGNEE_TABS}
        />
        <Segmented
          label="Status"
          look="pills"
          value={props.status}
          onChange={props.onStatus}
          itemClassName="flex items-center gap-1"
          options={STATUS_TABS.map((tab) => {
            const n = count(tab.value);
            return {
              value: tab.value,
              label: (
                <>
                  {tab.label}
                  {n !== null ? (
                    <span
                      className={`tabular-nums ${props.status === tab.value ? "text-emerald-100" : "text-slate-500"}`}
                    >
                      {n.toLocaleString()}
                    </span>
                  ) : null}
                </>
              ),
            };
          })}
        />
        {props.onLabel || props.onSlaBreached ? (
          <div className="flex items-center gap-2">
            {props.onLabel ? <LabelFilter labelId={props.labelId ?? null} onLabel={props.onLabel} /> : null}
            {props.onSlaBreached && hasSlaTargets(props.slaPolicy) ? (
              <Checkbox
                label="SLA breached"
                data-testid="sla-filter"
                checked={Boolean(props.slaBreached)}
                onChange={(e) => props.onSlaBreached?.(e.target.checked)}
                className="shrink-0 items-center whitespace-nowrap"
              />
            ) : null}
          </div>
        ) : null}
        {canSelect && selection.length > 0 ? (
          <BulkBar
            ids={selection}
            onDone={(notice) => {
              rows.clear();
              setBulkNotice(notice);
            }}
          />
        ) : bulkNotice ? (
          <p
            role="status"
            className="flex justify-between text-xs text-emerald-800"
            data-testid="bulk-notice"
          >
            {bulkNotice}
            <Button variant="inline" onClick={() => setBulkNotice(null)}>
              Dismiss
            </Button>
          </p>
        ) : null}
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-scroller">
        {state.pending ? (
          <ListSkeleton />
        ) : state.error ? (
          <ErrorNote plain className="p-4" what="conversations" error={state.error} onRetry={props.onRetry} />
        ) : conversations.length === 0 ? (
          <EmptyList q={props.q} assignee={props.assignee} status={props.status} />
        ) : (
          <ul
            style={{ height: virtualizer.getTotalSize(), position: "relative" }}
            aria-label="Conversation list"
          >
            {items.map((item) => {
              const c = conversations[item.index];
              if (!c) return null;
              return (
                <li
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: "absolute",
                    top: 0,
                    left: 0,
                    width: "100%",
                    transform: `translateY(${item.start}px)`,
                  }}
                >
                  <div className="flex">
                    {canSelect ? (
                      <RowCheckbox
                        label={`Select ${contactName(c.contact)}`}
                        checked={rows.isChecked(c.id)}
                        onToggle={(shift) => toggleRow(item.index, shift)}
                        testId="conversation-check"
                        className="items-start pt-4 pl-3"
                      />
                    ) : null}
                    <ConversationRow
                      conversation={c}
                      selected={c.id === props.selectedId}
                      onSelect={props.onSelect}
                      now={props.now}
                      slaPolicy={props.slaPolicy ?? null}
                    />
                  </div>
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

/** "All labels" or one label: the list shows conversations carrying it (on the conversation or its customer). */
function LabelFilter({
  labelId,
  onLabel,
}: {
  labelId: string | null;
  onLabel: (labelId: string | null) => void;
}) {
  const labels = useQuery(labelsOptions());
  if (!labels.data || (labels.data.length === 0 && !labelId)) return null;
  return (
    <Select
      compact
      aria-label="Filter by label"
      data-testid="label-filter"
      value={labelId ?? ""}
      onChange={(e) => onLabel(e.target.value || null)}
      className="w-full"
    >
      <option value="">All labels</option>
      {labels.data.map((l) => (
        <option key={l.id} value={l.id}>
          {l.name}
        </option>
      ))}
    </Select>
  );
}

/** One action of the bulk bar: a select whose choice runs at once and which then shows its prompt again. */
function BulkSelect({
  label,
  prompt,
  disabled,
  onPick,
  children,
}: {
  label: string;
  prompt: string;
  disabled: boolean;
  onPick: (value: string) => void;
  children: ReactNode;
}) {
  return (
    <Select
      compact
      aria-label={label}
      className="min-w-0 flex-1 px-1.5 text-xs"
      value=""
      disabled={disabled}
      onChange={(e) => e.target.value && onPick(e.target.value)}
    >
      <option value="">{prompt}</option>
      {children}
    </Select>
  );
}

/** What to do with the selected conversations: assign, change status, add or remove a label. */
function BulkBar({ ids, onDone }: { ids: string[]; onDone: (notice: string | null) => void }) {
  const bulk = useBulkConversations();
  const assignees = useQuery(assigneesOptions());
  const labels = useQuery(labelsOptions());
  const [message, setMessage] = useState<string | null>(null);
  function run(action: Parameters<typeof bulk.mutate>[0]["action"]) {
    setMessage(null);
    bulk.mutate(
      { conversationIds: ids, action },
      {
        onSuccess: (r) =>
          onDone(
            `${r.changed} of ${r.requested} selected conversation${r.requested === 1 ? "" : "s"} changed.`,
          ),
        onError: (e) => setMessage(e.message),
      },
    );
  }
  return (
    <div
      className="space-y-1.5 rounded-lg bg-emerald-50 p-2"
      data-testid="bulk-bar"
      role="group"
      aria-label="Bulk actions"
    >
      <div className="flex items-center justify-between text-xs font-medium text-emerald-900">
        <span aria-live="polite">{ids.length} selected</span>
        <Button onClick={() => onDone(null)} variant="inline" className="text-emerald-800">
          Clear
        </Button>
      </div>
      <div className="flex gap-1">
        <BulkSelect
          label="Assign selected"
          prompt="Assign…"
          disabled={bulk.isPending}
          onPick={(v) => run({ type: "assign", assigneeId: v === "-" ? null : v })}
        >
          <option value="-">Nobody</option>
          {(assignees.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </BulkSelect>
        <BulkSelect
          label="Set status of selected"
          prompt="Status…"
          disabled={bulk.isPending}
          onPick={(v) => run({ type: "status", status: v as StatusFilter })}
        >
          {STATUS_TABS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </BulkSelect>
        <BulkSelect
          label="Label selected"
          prompt="Label…"
          disabled={bulk.isPending}
          onPick={(v) => {
            const [op, id] = v.split(":");
            if (id) run({ type: op === "add" ? "addLabel" : "removeLabel", labelId: id });
          }}
        >
          <optgroup label="Add">
            {(labels.data ?? []).map((l) => (
              <option key={l.id} value={`add:${l.id}`}>
                {l.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="Remove">
            {(labels.data ?? []).map((l) => (
              <option key={l.id} value={`remove:${l.id}`}>
                {l.name}
              </option>
            ))}
          </optgroup>
        </BulkSelect>
      </div>
      {message ? (
        <p className="text-xs text-emerald-900" role="status">
          {message}
        </p>
      ) : null}
    </div>
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

const hasSlaTargets = (policy: SlaPolicy | null | undefined) =>
  Boolean(
    policy && (policy.targets.firstResponseMinutes !== null || policy.targets.resolutionHours !== null),
  );

/**
 * The row's SLA badge: a breached target ("SLA: first response overdue 12 min"), or one with at most half its time
 * left ("SLA: resolution due in 1 h"); nothing otherwise. Worked out from the open cycle at the page's ticking `now`.
 */
export function slaBadge(
  c: Pick<ConversationDto, "openCycle" | "status">,
  policy: SlaPolicy | null,
  now: number,
): { text: string; breached: boolean } | null {
  if (!policy || !c.openCycle || c.status === "RESOLVED" || !hasSlaTargets(policy)) return null;
  const cycle = {
    openedAt: new Date(c.openCycle.openedAt),
    firstResponseAt: c.openCycle.firstResponseAt ? new Date(c.openCycle.firstResponseAt) : null,
    resolvedAt: null,
  };
  const status = slaStatus(cycle, policy.targets, new Date(now), policy.businessHours);
  // The badge is about work still to do (as the list's "SLA breached" filter): a first response given late is
  // counted in the reports, not flagged here once the agent has answered.
  if (cycle.firstResponseAt) status.firstResponse = { state: "off", remainingMs: null, dueAt: null };
  const worst = worstSla(status);
  if (!worst) return null;
  const what = worst.target === "first_response" ? "first response" : "resolution";
  if (worst.state === "breached")
    return { text: `SLA: ${what} overdue ${compactDuration(-worst.remainingMs)}`, breached: true };
  const targetMs =
    worst.target === "first_response"
      ? (policy.targets.firstResponseMinutes ?? 0) * 60_000
      : (policy.targets.resolutionHours ?? 0) * 3_600_000;
  if (worst.remainingMs > targetMs / 2) return null;
  return { text: `SLA: ${what} due in ${compactDuration(worst.remainingMs)}`, breached: false };
}

/** "12m", "1h", "1h 5m", "2d 3h": short enough for the row's meta line. */
function compactDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  return hours % 24 ? `${Math.floor(hours / 24)}d ${hours % 24}h` : `${Math.floor(hours / 24)}d`;
}

function ConversationRow({
  conversation: c,
  selected,
  onSelect,
  now,
  slaPolicy,
}: {
  conversation: ConversationDto;
  selected: boolean;
  onSelect: (id: string) => void;
  now: number;
  slaPolicy: SlaPolicy | null;
}) {
  const name = contactName(c.contact);
  const sla = slaBadge(c, slaPolicy, now);
  const open = windowState(c.lastInboundAt, now).open;
  const unread = c.unreadCount > 0;
  return (
    <BareButton
      onClick={() => onSelect(c.id)}
      aria-current={selected ? "true" : undefined}
      data-testid="conversation-row"
      data-conversation-id={c.id}
      className={`flex h-[76px] w-full min-w-0 gap-3 border-b border-slate-100 px-3 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 focus-visible:ring-inset ${
        selected ? "bg-emerald-50/70 shadow-[inset_3px_0_0_0_var(--color-emerald-600)]" : ""
      }`}
    >
      <Avatar name={name} />
      <span className="min-w-0 flex-1">
        <span className="flex items-baseline justify-between gap-2">
          <span
            className={`truncate text-sm ${unread ? "font-semibold text-slate-900" : "font-medium text-slate-800"}`}
          >
            {name}
          </span>
          <time
            className={`shrink-0 text-[11px] ${unread ? "font-semibold text-emerald-700" : "text-slate-500"}`}
            dateTime={c.lastMessageAt}
          >
            {relativeTime(c.lastMessageAt, now)}
          </time>
        </span>
        <span className="mt-0.5 flex items-center gap-1">
          {c.lastMessage?.direction === "OUTBOUND" && c.lastMessage.status ? (
            // flex: the failure mark is inline-flex, and an inline box would get a line of the row's 24 px
            // line height, pushing the assignee line out of the fixed-height row.
            <span className="flex shrink-0" data-testid="preview-ticks" data-status={c.lastMessage.status}>
              <TickGlyph status={c.lastMessage.status} />
            </span>
          ) : null}
          <span className={`truncate text-xs ${unread ? "text-slate-800" : "text-slate-500"}`}>
            {c.lastMessageText ?? "No messages yet"}
          </span>
          {unread ? (
            <span
              role="img"
              aria-label={`${c.unreadCount} unread`}
              className="ml-auto shrink-0 rounded-full bg-emerald-600 px-1.5 text-[11px] font-semibold text-white"
            >
              {c.unreadCount}
            </span>
          ) : null}
        </span>
        <span
          className="mt-1 flex min-w-0 items-center gap-1.5 overflow-hidden text-[10px] text-slate-500"
          data-testid="row-meta"
        >
          {sla ? (
            <span
              data-testid="sla-badge"
              data-breached={sla.breached ? "true" : "false"}
              className={`shrink-0 rounded px-1 font-medium ${sla.breached ? "bg-red-50 text-red-700" : "bg-amber-50 text-amber-800"}`}
            >
              {sla.text}
            </span>
          ) : null}
          {c.assignee ? (
            <span className="shrink-0 truncate">@{c.assignee.name}</span>
          ) : (
            <span className="shrink-0">Unassigned</span>
          )}
          {!open ? <span className="shrink-0 tracking-wide uppercase">· Template only</span> : null}
          {mergeLabels(c.labels, c.contact.labels)
            .slice(0, 3)
            .map((l) => (
              <LabelChip key={l.id} name={l.name} color={l.color} size="xs" />
            ))}
        </span>
      </span>
    </BareButton>
  );
}

export function contactName(contact: ConversationDto["contact"]): string {
  return contact.name || contact.phone || contact.bsuid || "Unknown customer";
}

/** Up to two initials from the words' letters; a name without letters (a phone number) gets "#". */
export function initials(name: string): string {
  return (
    name
      .split(/\s+/)
      .map((w) => w.match(/\p{L}/u)?.[0])
      .filter((c): c is string => Boolean(c))
      .slice(0, 2)
      .join("")
      .toLocaleUpperCase() || "#"
  );
}

export function Avatar({ name, size = "md" }: { name: string; size?: "md" | "lg" }) {
  const letters = initials(name);
  const hue = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 360, 7);
  return (
    <span
      aria-hidden
      style={{ "--avatar-hue": hue } as CSSProperties}
      className={`avatar-tint flex shrink-0 items-center justify-center rounded-full font-semibold ${size === "lg" ? "h-14 w-14 text-lg" : "h-9 w-9 text-xs"}`}
    >
      {letters}
    </span>
  );
}

function LiveBadge({ state }: { state: LiveState }) {
  const text = { live: "Live", connecting: "Connecting…", offline: "Reconnecting… (refreshing every 10 s)" }[
    state
  ];
  const dot = { live: "bg-emerald-500", connecting: "bg-amber-400", offline: "bg-red-500" }[state];
  return (
    <span
      className="flex items-center gap-1.5 text-[11px] text-slate-500"
      data-testid="live-state"
      data-state={state}
    >
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
  return formatDate(iso, { now });
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
