"use client";

import { formatDate, formatTime } from "@/lib/format/date-time";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { LabelChip } from "@/components/labels/label-chip";
import { LabelEditor } from "@/components/labels/label-editor";
import { ArrowLeftIcon, CheckIcon, PanelIcon } from "@/components/ui/icons";
import { useChangeLabels } from "@/lib/labels/hooks/use-label-actions";
import type { SessionMessage } from "@/lib/connectly/schemas";
import {
  useConversationActions,
  useMarkConversationRead,
} from "@/lib/messaging/hooks/use-conversation-actions";
import { fallbackInterval, type LiveState } from "@/lib/messaging/hooks/use-inbox-events";
import { useSendSessionMessage } from "@/lib/messaging/hooks/use-send-session-message";
import { assigneesOptions, conversationOptions, messagesOptions } from "@/lib/messaging/queries";
import type { ConversationDto, MessageDto, NoteDto } from "@/lib/messaging/read-models";
import { windowState } from "@/lib/messaging/window";
import { useAgentStatus, useConversationPresence } from "@/lib/realtime/live-provider";
import { Composer, type ComposerHandle } from "./composer";
import { ContactPanel } from "./contact-panel";
import { Avatar, contactName } from "./conversation-list";
import { SafeMessageBubble } from "./message-bubble";
import { WindowCountdown } from "./window-countdown";
import { Button } from "@/components/ui/button";
import { BareButton } from "@/components/ui/bare-button";
import { Select } from "@/components/ui/input";
import { ErrorNote } from "@/components/ui/card";

type TimelineItem =
  { type: "message"; at: string; message: MessageDto } | { type: "note"; at: string; note: NoteDto };

export type ThreadProps = {
  conversationId: string;
  live: LiveState;
  now: number;
  canReply: boolean;
  currentUser: { id: string; name: string };
  showContact: boolean;
  onToggleContact: () => void;
  /** Phone width (below md) shows one column at a time: the thread, or (true) the contact panel in its place. */
  phoneContact?: boolean;
  /** Phone width: back from the thread to the list, and from the contact panel to the thread. */
  onBack?: () => void;
  onOpenContact?: () => void;
  onContactBack?: () => void;
  onManageCanned: () => void;
  /** Opens the template picker for this conversation (wired by the page; the templates feature owns the dialog). */
  onOpenTemplates?: (conversationId: string) => void;
};

export const Thread = forwardRef<ComposerHandle, ThreadProps>(function Thread(props, composerRef) {
  const { conversationId, live, now, canReply } = props;
  const conversation = useQuery({
    ...conversationOptions(conversationId),
    refetchInterval: fallbackInterval(live),
  });
  const messages = useInfiniteQuery({
    ...messagesOptions(conversationId),
    refetchInterval: fallbackInterval(live),
  });
  const send = useSendSessionMessage(conversationId);
  // The page holds the composer's handle (focus); the drop zone below needs it too.
  const composer = useRef<ComposerHandle>(null);
  useImperativeHandle(composerRef, () => ({
    focus: () => composer.current?.focus(),
    attachFile: (file: File) => composer.current?.attachFile(file),
  }));
  const [dragging, setDragging] = useState(false);
  const [retryingId, setRetryingId] = useState<string | null>(null);
  const [retryError, setRetryError] = useState<string | null>(null);

  const markRead = useMarkConversationRead(conversationId);
  const unread = conversation.data?.unreadCount ?? 0;
  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (unread > 0) markReadNow();
  }, [unread, markReadNow]);

  const timeline = useMemo<TimelineItem[]>(() => {
    const pages = messages.data?.pages ?? [];
    const items: TimelineItem[] = [];
    for (const page of pages) {
      for (const m of page.messages) items.push({ type: "message", at: m.createdAt, message: m });
      for (const n of page.notes) items.push({ type: "note", at: n.createdAt, note: n });
    }
    return items.sort((a, b) => a.at.localeCompare(b.at));
  }, [messages.data]);
  const messageList = useMemo(
    () => timeline.flatMap((item) => (item.type === "message" ? [item.message] : [])),
    [timeline],
  );

  // Stick to the bottom when new items arrive (if the agent is already there); keep the position when older load.
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previousHeight = useRef<number | null>(null);
  const lastKey = timeline.at(-1) ? `${timeline.length}:${timeline.at(-1)?.at}` : "";
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (previousHeight.current !== null) {
      el.scrollTop += el.scrollHeight - previousHeight.current;
      previousHeight.current = null;
    } else if (atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [lastKey, timeline.length]);

  function loadEarlier() {
    previousHeight.current = scroller.current?.scrollHeight ?? null;
    void messages.fetchNextPage();
  }

  function retry(m: MessageDto) {
    setRetryingId(m.id);
    setRetryError(null);
    send.mutate(
      { message: m.content as SessionMessage, idempotencyKey: crypto.randomUUID(), retryOfId: m.id },
      { onError: (e) => setRetryError(e.message), onSettled: () => setRetryingId(null) },
    );
  }

  if (conversation.isError) {
    return <EmptyState title="This conversation could not be loaded" body={conversation.error.message} />;
  }
  const c = conversation.data;
  const windowOpen = c ? windowState(c.lastInboundAt, now).open : false;

  const templatePanel = (
    <div
      className="m-3 mt-2 flex items-center gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
      data-testid="template-only"
    >
      <div className="flex-1">
        <p className="font-medium">
          {c?.lastInboundAt
            ? "The 24-hour window is closed — only an approved template can be sent."
            : "This customer has not written yet — start with an approved template."}
        </p>
        <p className="text-xs">
          Free-text replies come back by themselves as soon as the customer writes again. Private notes still
          work.
        </p>
      </div>
      <Button
        onClick={() => props.onOpenTemplates?.(conversationId)}
        disabled={!props.onOpenTemplates}
        title={props.onOpenTemplates ? undefined : "Templates are not set up in this build yet"}
        variant="primary"
        className="shrink-0"
      >
        Send a template
      </Button>
    </div>
  );

  return (
    <div className="flex h-full min-w-0 flex-1">
      <section
        aria-label="Conversation"
        className={`${props.phoneContact ? "hidden md:flex" : "flex"} relative h-full min-w-0 flex-1 flex-col`}
        // A file dragged onto the conversation becomes the reply's attachment (the composer checks and uploads it).
        onDragOver={(e) => {
          if (!canReply || !e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
          setDragging(true);
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(e) => {
          if (!canReply || !e.dataTransfer.types.includes("Files")) return;
          e.preventDefault();
          setDragging(false);
          const file = e.dataTransfer.files[0];
          if (file) composer.current?.attachFile(file);
        }}
      >
        {dragging ? (
          <div
            className="pointer-events-none absolute inset-2 z-20 flex items-center justify-center rounded-xl border-2 border-dashed border-emerald-500 bg-emerald-50/90 text-sm font-semibold text-emerald-800"
            data-testid="drop-overlay"
          >
            Drop the file to attach it to your reply
          </div>
        ) : null}
        <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-2 py-2.5 md:px-4">
          {props.onBack ? (
            <Button
              onClick={props.onBack}
              aria-label="Back to conversations"
              variant="ghost"
              size="icon"
              className="-mr-1 md:hidden"
            >
              <ArrowLeftIcon className="h-5 w-5" />
            </Button>
          ) : null}
          {c ? (
            <>
              <Avatar name={contactName(c.contact)} />
              <div className="min-w-0 flex-1 md:min-w-[9rem]">
                <h2 className="truncate text-sm font-semibold" data-testid="thread-title">
                  {contactName(c.contact)}
                </h2>
                <p className="truncate text-xs text-slate-500">
                  {[c.contact.phone, c.contact.bsuid && `BSUID ${c.contact.bsuid}`]
                    .filter(Boolean)
                    .join(" · ")}
                  {c.contact.optedOut ? (
                    <span className="ml-1 text-red-600">· opted out of campaigns</span>
                  ) : null}
                </p>
                <PresenceLine conversationId={conversationId} />
              </div>
              <WindowCountdown lastInboundAt={c.lastInboundAt} now={now} />
              {/* Phone: opens the contact in the thread's place (a URL of its own). Desktop: shows or hides the side panel. */}
              <Button
                onClick={props.onOpenContact}
                aria-label="Show contact details"
                title="Contact details"
                variant="ghost"
                size="icon"
                className="md:hidden"
              >
                <PanelIcon />
              </Button>
              <BareButton
                onClick={props.onToggleContact}
                aria-pressed={props.showContact}
                aria-label={props.showContact ? "Hide contact details" : "Show contact details"}
                title="Contact details"
                className={`hidden rounded-md p-2 hover:bg-slate-100 md:inline-flex ${props.showContact ? "text-emerald-700" : "text-slate-500"}`}
              >
                <PanelIcon />
              </BareButton>
              {canReply ? (
                <ConversationControls conversation={c} currentUser={props.currentUser} />
              ) : (
                <StatusPill status={c.status} />
              )}
            </>
          ) : (
            <div className="flex items-center gap-3">
              <div className="h-9 w-9 animate-pulse rounded-full bg-slate-200" />
              <div className="h-4 w-40 animate-pulse rounded bg-slate-200" />
            </div>
          )}
        </header>
        {c ? <ConversationLabels conversation={c} canEdit={canReply} /> : null}
        <div
          ref={scroller}
          onScroll={(e) => {
            const el = e.currentTarget;
            atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
          }}
          className="chat-wallpaper min-h-0 flex-1 overflow-y-auto px-3 py-4 md:px-4"
          data-testid="thread"
        >
          {messages.isPending ? (
            <ThreadSkeleton />
          ) : messages.isError ? (
            <ErrorNote what="messages" error={messages.error} onRetry={messages.refetch} />
          ) : (
            <div className="mx-auto flex max-w-3xl flex-col gap-2">
              {messages.hasNextPage ? (
                <Button
                  size="sm"
                  onClick={loadEarlier}
                  pending={messages.isFetchingNextPage}
                  className="mx-auto shadow-sm"
                >
                  {messages.isFetchingNextPage ? "Loading…" : "Load earlier messages"}
                </Button>
              ) : null}
              {timeline.length === 0 ? (
                <p className="text-center text-sm text-slate-500">
                  No messages yet. A template starts the conversation.
                </p>
              ) : null}
              {retryError ? (
                <p
                  role="alert"
                  className="sticky top-0 z-10 mx-auto rounded-md bg-red-50 px-3 py-1.5 text-xs text-red-800 shadow"
                >
                  Retry failed: {retryError}
                </p>
              ) : null}
              {timeline.map((item, i) => {
                const previous = timeline[i - 1];
                const newDay = !previous || dayKey(previous.at) !== dayKey(item.at);
                return (
                  <div
                    key={item.type === "message" ? item.message.id : item.note.id}
                    className="flex flex-col gap-2"
                  >
                    {newDay ? <DaySeparator iso={item.at} now={now} /> : null}
                    {item.type === "message" ? (
                      <SafeMessageBubble
                        message={item.message}
                        onRetry={canReply && item.message.kind !== "template" ? retry : undefined}
                        retrying={retryingId === item.message.id}
                      />
                    ) : (
                      <NoteItem note={item.note} />
                    )}
                  </div>
                );
              })}
            </div>
          )}
        </div>
        {!canReply ? (
          <p className="border-t border-slate-200 bg-white p-3 text-center text-xs text-slate-500">
            Your role can read conversations but not reply.
          </p>
        ) : c ? (
          <Composer
            ref={composer}
            conversationId={conversationId}
            userId={props.currentUser.id}
            messages={messageList}
            contactName={c.contact.name}
            windowOpen={windowOpen}
            templateOnlyPanel={templatePanel}
            onManageCanned={props.onManageCanned}
          />
        ) : null}
      </section>
      {props.showContact || props.phoneContact ? (
        // Desktop: the panel beside the thread (the wrapper is display: contents). Phone: in the thread's place.
        <div className={`${props.phoneContact ? "flex" : "hidden"} min-w-0 flex-1 flex-col md:contents`}>
          <div className="flex items-center gap-2 border-b border-slate-200 bg-white px-2 py-2 md:hidden">
            <Button
              onClick={props.onContactBack}
              aria-label="Back to the conversation"
              variant="ghost"
              size="icon"
            >
              <ArrowLeftIcon className="h-5 w-5" />
            </Button>
            <h2 className="text-sm font-semibold">Contact</h2>
          </div>
          <ContactPanel conversationId={conversationId} canEdit={canReply} />
        </div>
      ) : null}
    </div>
  );
});

function ConversationControls({
  conversation: c,
  currentUser,
}: {
  conversation: ConversationDto;
  currentUser: { id: string; name: string };
}) {
  const assignees = useQuery(assigneesOptions());
  const statusOf = useAgentStatus();
  const { assign, setStatus } = useConversationActions(c.id);
  const error = assign.error ?? setStatus.error;
  const others = (assignees.data ?? []).filter((u) => u.id !== currentUser.id);
  // The current assignee may have been deactivated since: keep them visible in the select.
  const missing =
    c.assignee && c.assignee.id !== currentUser.id && !others.some((u) => u.id === c.assignee?.id)
      ? c.assignee
      : null;

  return (
    // One line from a phone to a narrow desktop with the contact panel open: the labels and the indent under the
    // name show only where the header has room for them (container queries on its width, not the window's), and
    // the selects give way before Resolve does.
    <div className="@container basis-full" data-testid="conversation-controls">
      <div className="flex flex-wrap items-center gap-2 @md:pl-12">
        <div className="flex min-w-0 flex-1 items-center gap-2">
          <label className="sr-only text-xs text-slate-500 @md:not-sr-only" htmlFor={`assignee-${c.id}`}>
            Assignee
          </label>
          <Select
            id={`assignee-${c.id}`}
            value={c.assignee?.id ?? ""}
            onChange={(e) => assign.mutate(e.target.value || null)}
            disabled={assign.isPending}
            data-testid="assignee-select"
            compact="xs"
            className="max-w-40"
          >
            <option value="">Unassigned</option>
            <option value={currentUser.id}>Me ({currentUser.name})</option>
            {missing ? <option value={missing.id}>{missing.name}</option> : null}
            {others.map((u) => {
              const status = statusOf(u.id);
              return (
                <option key={u.id} value={u.id} data-status={status}>
                  {status === "offline" ? u.name : `${u.name} · ${status}`}
                </option>
              );
            })}
          </Select>
          <label
            className="sr-only text-xs text-slate-500 @md:not-sr-only @md:ml-2"
            htmlFor={`status-${c.id}`}
          >
            Status
          </label>
          <Select
            id={`status-${c.id}`}
            value={c.status}
            onChange={(e) => setStatus.mutate(e.target.value as ConversationDto["status"])}
            disabled={setStatus.isPending}
            data-testid="status-select"
            compact="xs"
          >
            <option value="OPEN">Open</option>
            <option value="PENDING">Pending</option>
            <option value="RESOLVED">Resolved</option>
          </Select>
        </div>
        {c.status !== "RESOLVED" ? (
          <Button
            onClick={() => setStatus.mutate("RESOLVED")}
            disabled={setStatus.isPending}
            aria-keyshortcuts="E"
            title="Resolve (E)"
            variant="primary"
            size="sm"
            className="ml-auto"
          >
            <CheckIcon className="h-3.5 w-3.5" />
            <span className="sr-only @2xs:not-sr-only">Resolve</span>
          </Button>
        ) : null}
        {error ? (
          <span role="alert" className="max-w-48 text-xs text-red-700">
            {error.message}
          </span>
        ) : null}
      </div>
    </div>
  );
}

const names = (list: string[]) =>
  list.length <= 2 ? list.join(" and ") : `${list.slice(0, 2).join(", ")} and ${list.length - 2} more`;

/** "Ana is typing…" / "Ben is viewing": teammates in this conversation right now, from any app instance. */
function PresenceLine({ conversationId }: { conversationId: string }) {
  const { viewing, typing } = useConversationPresence(conversationId);
  const parts = [
    typing.length ? `${names(typing)} ${typing.length === 1 ? "is" : "are"} typing…` : null,
    viewing.length ? `${names(viewing)} ${viewing.length === 1 ? "is" : "are"} viewing` : null,
  ].filter(Boolean);
  return (
    <p className="truncate text-xs text-emerald-700" aria-live="polite" data-testid="presence">
      {parts.join(" · ")}
    </p>
  );
}

function StatusPill({ status }: { status: ConversationDto["status"] }) {
  const style = {
    OPEN: "bg-emerald-50 text-emerald-800",
    PENDING: "bg-amber-50 text-amber-800",
    RESOLVED: "bg-slate-100 text-slate-600",
  }[status];
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`}>
      {status.charAt(0) + status.slice(1).toLowerCase()}
    </span>
  );
}

function NoteItem({ note }: { note: NoteDto }) {
  if (note.kind === "ACTIVITY") {
    return (
      <p
        className="mx-auto rounded-full bg-white/70 px-3 py-0.5 text-[11px] text-slate-500"
        data-testid="activity"
      >
        {note.body} · {formatTime(note.createdAt)}
      </p>
    );
  }
  return (
    <div
      className="mx-auto w-full max-w-[85%] rounded-lg border border-dashed border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 shadow-sm"
      data-testid="note"
    >
      <p className="mb-0.5 flex items-center gap-1 text-[11px] font-semibold tracking-wide text-amber-700 uppercase">
        Private note · {note.author?.name ?? "Someone"} · {formatTime(note.createdAt)}
      </p>
      <p className="break-words whitespace-pre-wrap">{note.body}</p>
    </div>
  );
}

const dayKey = (iso: string) => new Date(iso).toDateString();

function DaySeparator({ iso, now }: { iso: string; now: number }) {
  const d = new Date(iso);
  const today = new Date(now);
  const yesterday = new Date(now - 86_400_000);
  const label =
    d.toDateString() === today.toDateString()
      ? "Today"
      : d.toDateString() === yesterday.toDateString()
        ? "Yesterday"
        : formatDate(d, { weekday: true, now });
  return (
    <p
      className="mx-auto my-1 rounded-md bg-white/90 px-2.5 py-0.5 text-[11px] font-medium text-slate-500 shadow-sm"
      role="separator"
    >
      {label}
    </p>
  );
}

function ThreadSkeleton() {
  return (
    <div
      className="mx-auto flex max-w-3xl flex-col gap-3"
      aria-busy="true"
      role="status"
      aria-label="Loading messages"
    >
      {[60, 40, 70, 35].map((w, i) => (
        <div key={i} className={`flex ${i % 2 ? "justify-end" : ""}`}>
          <div className="h-10 animate-pulse rounded-lg bg-white/70" style={{ width: `${w}%` }} />
        </div>
      ))}
    </div>
  );
}

export function EmptyState({ title, body }: { title: string; body: string }) {
  return (
    <div className="chat-wallpaper flex h-full flex-1 flex-col items-center justify-center gap-1 px-6 text-center">
      <p className="text-base font-medium text-slate-700">{title}</p>
      <p className="max-w-sm text-sm text-slate-500">{body}</p>
    </div>
  );
}

/** The conversation's own labels under the header (its customer's are in the contact panel); L opens the picker. */
function ConversationLabels({ conversation, canEdit }: { conversation: ConversationDto; canEdit: boolean }) {
  const change = useChangeLabels("conversation", conversation.id, conversation.id);
  const labels = conversation.labels ?? [];
  const contactLabels = (conversation.contact.labels ?? []).filter((l) => !labels.some((x) => x.id === l.id));
  if (!canEdit && labels.length === 0 && contactLabels.length === 0) return null;
  return (
    <LabelEditor
      className="border-b border-slate-200 bg-white px-4 py-1.5"
      labels={labels}
      canEdit={canEdit}
      change={change}
      place="thread"
    >
      {contactLabels.map((l) => (
        <span key={l.id} title="On the customer (change it in the contact panel)" className="opacity-80">
          <LabelChip name={l.name} color={l.color} />
        </span>
      ))}
    </LabelEditor>
  );
}
