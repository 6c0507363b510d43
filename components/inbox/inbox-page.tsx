"use client";

import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { CannedResponsesDialog } from "@/components/inbox/canned-responses-dialog";
import type { ComposerHandle } from "@/components/inbox/composer";
import {
  ConversationList,
  type AssigneeFilter,
  type StatusFilter,
} from "@/components/inbox/conversation-list";
import { ShortcutsHelp } from "@/components/inbox/shortcuts-help";
import { EmptyState, Thread } from "@/components/inbox/thread";
import { NotificationPermissionBanner } from "@/components/notifications/permission-banner";
import { TemplateSendDialog } from "@/components/templates/template-send-dialog";
import { BoltIcon, KeyboardIcon } from "@/components/ui/icons";
import { BareButton } from "@/components/ui/bare-button";
import { useResolveConversation } from "@/lib/messaging/hooks/use-conversation-actions";
import { clearReplyDraft, readDraft } from "@/lib/messaging/drafts";
import { useInboxAlerts } from "@/lib/messaging/hooks/use-inbox-alerts";
import { fallbackInterval, useInboxEvents } from "@/lib/messaging/hooks/use-inbox-events";
import { useNow } from "@/lib/messaging/hooks/use-now";
import { conversationListOptions, countsOptions, inboxKeys } from "@/lib/messaging/queries";
import { useLive } from "@/lib/realtime/live-provider";

const BASE_TITLE = "Inbox · Connectly Dashboard";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** The inbox URL: the open conversation, its contact panel (phone) and the label filter, so a filtered inbox can be
 * shared, reloaded and stepped back through. */
function inboxUrl(
  conversationId: string | null,
  labelId: string | null,
  panel: "contact" | null = null,
): string {
  const params = new URLSearchParams();
  if (conversationId) params.set("c", conversationId);
  if (conversationId && panel) params.set("panel", panel);
  if (labelId) params.set("label", labelId);
  const query = params.toString();
  return query ? `/inbox?${query}` : "/inbox";
}

export function InboxClient({
  canReply,
  currentUser,
}: {
  canReply: boolean;
  currentUser: { id: string; name: string };
}) {
  const queryClient = useQueryClient();
  // The URL is the state: /inbox (the list), ?c=<id> (a thread), ?c=<id>&panel=contact (its contact, on a phone).
  // Opening a thread from the list, or the contact panel, pushes a history entry, so the browser's Back (and the
  // back buttons) step back; switching threads beside the list (desktop, J/K) replaces it. Next's router follows
  // history.pushState, so useSearchParams re-renders on Back and Forward.
  const searchParams = useSearchParams();
  const selected = searchParams.get("c") || null;
  const phoneContact = selected !== null && searchParams.get("panel") === "contact";
  // The levels (1 thread, 2 contact) whose history entry this page pushed on top of the level below: going back
  // from one is history.back(); from a level that was opened by a link (a deep link), a replace to the level below.
  const pushed = useRef(new Set<number>());
  const [status, setStatus] = useState<StatusFilter>("OPEN");
  const [assignee, setAssignee] = useState<AssigneeFilter>("all");
  const [q, setQ] = useState("");
  const [slaBreached, setSlaBreached] = useState(false);
  // The label filter lives in the URL too (?label=<id>), kept when a thread opens or closes.
  const labelParam = searchParams.get("label");
  const labelId = labelParam && labelParam.length <= 64 ? labelParam : null;
  const searchQ = useDebounced(q.trim(), 200);
  const [showContact, setShowContact] = useState(true);
  const [helpOpen, setHelpOpen] = useState(false);
  const [cannedOpen, setCannedOpen] = useState(false);
  // The conversation whose closed window the agent is answering with a template (the templates feature's dialog).
  const [templateFor, setTemplateFor] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const composerRef = useRef<ComposerHandle>(null);
  const now = useNow(15_000);
  // The alert needs the unread count, which needs the live state: a ref breaks the loop.
  const alertRef = useRef<() => void>(() => {});
  const onInbound = useCallback(() => alertRef.current(), []);
  const live = useInboxEvents(onInbound);
  // The team sees who has which conversation open; this tab's notifications skip it while focused.
  const { setViewing } = useLive();
  useEffect(() => setViewing(selected), [selected, setViewing]);
  useEffect(() => () => setViewing(null), [setViewing]);

  const list = useInfiniteQuery({
    ...conversationListOptions({
      status,
      assignee: assignee === "all" ? undefined : assignee,
      q: searchQ || undefined,
      label: labelId ?? undefined,
      sla: slaBreached ? "breached" : undefined,
    }),
    refetchInterval: fallbackInterval(live),
  });
  const counts = useQuery({ ...countsOptions(), refetchInterval: fallbackInterval(live) });
  const unread = counts.data?.unread ?? 0;
  const alert = useInboxAlerts(unread > 0 ? `(${unread}) ${BASE_TITLE}` : BASE_TITLE);
  useEffect(() => {
    alertRef.current = alert;
  }, [alert]);
  const conversations = list.data?.pages.flatMap((p) => p.conversations) ?? [];
  const slaPolicy = list.data?.pages[0]?.slaPolicy ?? null;

  const select = useCallback(
    (id: string) => {
      const url = inboxUrl(id, labelId);
      if (selected === null) {
        window.history.pushState(null, "", url);
        pushed.current.add(1);
      } else {
        window.history.replaceState(null, "", url);
      }
    },
    [selected, labelId],
  );
  const filterLabel = useCallback(
    (id: string | null) =>
      window.history.replaceState(null, "", inboxUrl(selected, id, phoneContact ? "contact" : null)),
    [selected, phoneContact],
  );
  const back = useCallback((from: 1 | 2, to: string) => {
    if (pushed.current.has(from)) window.history.back();
    else window.history.replaceState(null, "", to);
  }, []);
  const openContact = useCallback(() => {
    if (!selected) return;
    window.history.pushState(null, "", inboxUrl(selected, labelId, "contact"));
    pushed.current.add(2);
  }, [selected, labelId]);

  const resolve = useResolveConversation();

  // Latest values for the one keydown listener.
  const keyState = useRef({ conversations, selected, canReply });
  useEffect(() => {
    keyState.current = { conversations, selected, canReply };
  });

  useEffect(() => {
    function onKeyDown(e: KeyboardEvent) {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (
        e.metaKey ||
        e.ctrlKey ||
        e.altKey ||
        isTyping(e.target) ||
        document.querySelector('dialog[open], [role="dialog"]')
      )
        return;
      const { conversations: rows, selected: current, canReply: reply } = keyState.current;
      const index = rows.findIndex((c) => c.id === current);
      switch (e.key) {
        case "j":
        case "k": {
          const next =
            rows[
              e.key === "j" ? (index < 0 ? 0 : Math.min(rows.length - 1, index + 1)) : Math.max(0, index - 1)
            ];
          if (next) {
            e.preventDefault();
            select(next.id);
          }
          break;
        }
        case "e":
          if (current && reply) {
            e.preventDefault();
            resolve.mutate(current);
          }
          break;
        case "/":
          if (current && reply) {
            e.preventDefault();
            composerRef.current?.focus();
          }
          break;
        case "?":
          e.preventDefault();
          setHelpOpen(true);
          break;
        case "l":
          // Opens the label picker of the open conversation (the picker itself is keyboard-driven).
          if (current && reply) {
            const picker = document.querySelector<HTMLButtonElement>(
              '[data-testid="label-picker-conversation"]',
            );
            if (picker) {
              e.preventDefault();
              picker.click();
            }
          }
          break;
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [select, resolve]);

  const onLoadMore = useCallback(() => void list.fetchNextPage(), [list]);

  return (
    <div className="flex h-full flex-col">
      <NotificationPermissionBanner />
      <div className="flex min-h-0 flex-1">
        <ConversationList
          conversations={conversations}
          state={{
            pending: list.isPending,
            error: list.isError ? list.error.message : null,
            hasMore: Boolean(list.hasNextPage),
            loadingMore: list.isFetchingNextPage,
          }}
          onLoadMore={onLoadMore}
          onRetry={() => void list.refetch()}
          selectedId={selected}
          hiddenOnPhone={selected !== null}
          onSelect={select}
          status={status}
          onStatus={setStatus}
          assignee={assignee}
          onAssignee={setAssignee}
          counts={counts.data}
          q={q}
          onQuery={setQ}
          labelId={labelId}
          onLabel={filterLabel}
          slaPolicy={slaPolicy}
          slaBreached={slaBreached}
          onSlaBreached={setSlaBreached}
          canReply={canReply}
          searchRef={searchRef}
          live={live}
          now={now}
        />
        {selected ? (
          <Thread
            key={selected}
            ref={composerRef}
            conversationId={selected}
            live={live}
            now={now}
            canReply={canReply}
            currentUser={currentUser}
            showContact={showContact}
            onToggleContact={() => setShowContact((v) => !v)}
            onOpenContact={openContact}
            phoneContact={phoneContact}
            onBack={() => back(1, inboxUrl(null, labelId))}
            onContactBack={() => back(2, inboxUrl(selected, labelId))}
            onManageCanned={() => setCannedOpen(true)}
            onOpenTemplates={setTemplateFor}
          />
        ) : (
          <div className="hidden min-w-0 flex-1 md:flex">
            <EmptyState
              title="Pick a conversation"
              body="Customer messages arrive on the left in real time. Select one to read and reply — or press J to open the first."
            />
          </div>
        )}
      </div>
      <footer className="flex items-center gap-4 border-t border-slate-200 bg-white px-3 py-1 text-[11px] text-slate-500">
        <BareButton
          onClick={() => setHelpOpen(true)}
          className="hidden items-center gap-1 rounded hover:text-slate-800 md:flex"
          data-testid="shortcut-hint"
        >
          <KeyboardIcon className="h-3.5 w-3.5" />
          <span>
            <kbd className="font-mono">J</kbd>/<kbd className="font-mono">K</kbd> move ·{" "}
            {canReply ? (
              <>
                <kbd className="font-mono">E</kbd> resolve · <kbd className="font-mono">/</kbd> reply ·{" "}
              </>
            ) : null}
            <kbd className="font-mono">Ctrl K</kbd> search · <kbd className="font-mono">?</kbd> all shortcuts
          </span>
        </BareButton>
        {canReply ? (
          <BareButton
            onClick={() => setCannedOpen(true)}
            className="ml-auto flex items-center gap-1 rounded hover:text-slate-800"
          >
            <BoltIcon className="h-3.5 w-3.5" />
            Quick replies
          </BareButton>
        ) : (
          <span className="ml-auto" data-testid="read-only-note">
            Read-only: your role does not reply to customers
          </span>
        )}
      </footer>
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} canReply={canReply} />
      {canReply ? (
        <CannedResponsesDialog open={cannedOpen} onClose={() => setCannedOpen(false)} canEdit={canReply} />
      ) : null}
      {templateFor ? (
        <TemplateSendDialog
          conversationId={templateFor}
          open
          draft={readDraft(currentUser.id, templateFor).reply || undefined}
          onClose={() => setTemplateFor(null)}
          onSent={() => {
            // The template replaced the reply the closed window kept waiting.
            clearReplyDraft(currentUser.id, templateFor);
            void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(templateFor) });
            void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
          }}
        />
      ) : null}
    </div>
  );
}

/** The value once it has stopped changing for `ms` (search runs when the agent pauses typing, not per key). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}
