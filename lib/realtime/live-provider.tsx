"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";
import { ApiError, apiFetch } from "@/lib/api-client/fetch";
import { inboxKeys } from "@/lib/messaging/queries";
import { showDesktopNotification } from "@/lib/notifications/desktop";
import { notificationKeys, notificationPreferencesOptions } from "@/lib/notifications/queries";
import { PresenceState, type AgentStatus } from "@/lib/presence/presence-store";
import { IDLE_AFTER_MS, TYPING_THROTTLE_MS, type PresenceDto } from "@/lib/presence/schemas";
import type { InboxEvent, PresenceEvent } from "@/lib/realtime/events";
import { parseJsonOrUndefined } from "@/lib/safe-decode";

export type LiveState = "connecting" | "live" | "offline";
type LiveSignal = { kind: "ready" } | { kind: "reset" } | { kind: "inbox"; event: InboxEvent };

type LiveContextValue = {
  /** False where no stream is opened (an admin who must set up two-factor sign-in first). */
  enabled: boolean;
  state: LiveState;
  me: { id: string; name: string };
  subscribe(listener: (signal: LiveSignal) => void): () => void;
  /** The conversation this tab shows (null: none), announced to the team and used to mute its notifications. */
  setViewing(conversationId: string | null): void;
  /** A keystroke in this conversation's composer; sent at most every TYPING_THROTTLE_MS. */
  reportTyping(conversationId: string): void;
  presence: PresenceStore;
};

/** The presence state plus a version for useSyncExternalStore; `now` is the clock of the last change. */
class PresenceStore {
  readonly state = new PresenceState();
  now = 0;
  private version = 0;
  private listeners = new Set<() => void>();
  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  getVersion = () => this.version;
  changed() {
    this.now = Date.now();
    this.version++;
    for (const l of this.listeners) l();
  }
}

const LiveContext = createContext<LiveContextValue | null>(null);

/**
 * The one live connection of a signed-in tab, for every page: the event stream (/api/events, fanned out across app
 * instances by LISTEN/NOTIFY), the team's presence, this tab's own presence reports, desktop notifications and the
 * Inbox badge's refresh. Pages subscribe to it instead of opening streams of their own.
 */
export function LiveProvider({
  me,
  enabled = true,
  children,
}: {
  me: { id: string; name: string };
  enabled?: boolean;
  children: ReactNode;
}) {
  // An admin who must first set up two-factor sign-in may open only that page: no stream, no alerts.
  if (!enabled) return <LiveContext.Provider value={OFFLINE}>{children}</LiveContext.Provider>;
  return <LiveConnection me={me}>{children}</LiveConnection>;
}

function LiveConnection({ me, children }: { me: { id: string; name: string }; children: ReactNode }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [state, setState] = useState<LiveState>("connecting");
  const listeners = useRef(new Set<(s: LiveSignal) => void>());
  const [presence] = useState(() => new PresenceStore());
  const streamId = useRef<string | null>(null);
  const viewing = useRef<string | null>(null);
  const active = useRef(true);
  const lastInput = useRef(0);
  const lastTyping = useRef(new Map<string, number>());
  const reportTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const emit = useCallback((signal: LiveSignal) => {
    for (const l of listeners.current) l(signal);
  }, []);

  const reportNow = useCallback(function report(attempt = 0) {
    if (!streamId.current) return;
    const id = streamId.current;
    void apiFetch("/api/presence", {
      body: { streamId: id, conversationId: viewing.current, active: active.current },
    }).catch((e: unknown) => {
      // 404: the stream's row is not written yet (the stream says "ready" before its write commits): try again.
      if (e instanceof ApiError && e.status === 404 && attempt < 3 && streamId.current === id)
        setTimeout(() => report(attempt + 1), 1000 * (attempt + 1));
    });
  }, []);
  // Switching conversations unmounts one thread and mounts the next: one report for both.
  const report = useCallback(() => {
    if (reportTimer.current) clearTimeout(reportTimer.current);
    reportTimer.current = setTimeout(reportNow, 250);
  }, [reportNow]);

  const loadPresence = useCallback(() => {
    void apiFetch<{ presence: PresenceDto[] }>("/api/presence")
      .then((d) => {
        presence.state.snapshot(d.presence, Date.now());
        presence.changed();
      })
      .catch(() => {});
  }, [presence]);

  useEffect(() => {
    const source = new EventSource("/api/events");
    source.addEventListener("ready", (msg) => {
      const data = parseJsonOrUndefined((msg as MessageEvent<string>).data) as
        { streamId?: unknown } | undefined;
      streamId.current = typeof data?.streamId === "string" ? data.streamId : null;
      setState("live");
      loadPresence();
      reportNow();
      emit({ kind: "ready" });
    });
    source.addEventListener("reset", () => {
      loadPresence();
      emit({ kind: "reset" });
    });
    // The session ended (signed out elsewhere, deactivated, idle): stop reconnecting and sign in again.
    source.addEventListener("unauthenticated", () => {
      source.close();
      router.replace("/login");
    });
    source.addEventListener("inbox", (msg) => {
      const event = parseJsonOrUndefined((msg as MessageEvent<string>).data) as InboxEvent | undefined;
      // A malformed event is skipped; the next one (or the poll while the stream is down) catches up.
      if (typeof event !== "object" || event === null || typeof event.conversationId !== "string") return;
      emit({ kind: "inbox", event });
    });
    source.addEventListener("presence", (msg) => {
      const event = parseJsonOrUndefined((msg as MessageEvent<string>).data) as PresenceEvent | undefined;
      if (
        typeof event !== "object" ||
        event === null ||
        typeof event.userId !== "string" ||
        typeof event.name !== "string"
      )
        return;
      presence.state.apply(event, Date.now());
      presence.changed();
    });
    source.onerror = () => setState("offline");
    // Expired tabs and typing marks fade out without any event.
    const prune = setInterval(() => {
      if (presence.state.prune(Date.now())) presence.changed();
    }, 2_000);
    return () => {
      clearInterval(prune);
      source.close();
    };
  }, [emit, loadPresence, presence, reportNow, router]);

  // Active = input in the last IDLE_AFTER_MS; the change is reported (away ↔ online), not every input.
  useEffect(() => {
    lastInput.current = Date.now();
    const onInput = () => {
      lastInput.current = Date.now();
      if (!active.current) {
        active.current = true;
        reportNow();
      }
    };
    const check = setInterval(() => {
      if (active.current && Date.now() - lastInput.current > IDLE_AFTER_MS) {
        active.current = false;
        reportNow();
      }
    }, 15_000);
    const events = ["pointerdown", "pointermove", "keydown", "focus", "wheel"] as const;
    for (const e of events) window.addEventListener(e, onInput, { passive: true });
    return () => {
      clearInterval(check);
      for (const e of events) window.removeEventListener(e, onInput);
    };
  }, [reportNow]);

  const setViewing = useCallback(
    (conversationId: string | null) => {
      if (viewing.current === conversationId) return;
      viewing.current = conversationId;
      report();
    },
    [report],
  );

  const reportTyping = useCallback((conversationId: string) => {
    const now = Date.now();
    if (!streamId.current || now - (lastTyping.current.get(conversationId) ?? 0) < TYPING_THROTTLE_MS) return;
    lastTyping.current.set(conversationId, now);
    void apiFetch("/api/presence", {
      body: { streamId: streamId.current, conversationId, active: true, typing: true },
    }).catch(() => {});
  }, []);

  const subscribe = useCallback((listener: (s: LiveSignal) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  const value = useMemo<LiveContextValue>(
    () => ({ enabled: true, state, me, subscribe, setViewing, reportTyping, presence }),
    [state, me, subscribe, setViewing, reportTyping, presence],
  );
  return (
    <LiveContext.Provider value={value}>
      <LiveAlerts live={value} viewing={viewing} queryClient={queryClient} />
      {children}
    </LiveContext.Provider>
  );
}

const OFFLINE: LiveContextValue = {
  enabled: false,
  state: "offline",
  me: { id: "", name: "" },
  subscribe: () => () => {},
  setViewing: () => {},
  reportTyping: () => {},
  presence: new PresenceStore(),
};

export function useLive(): LiveContextValue {
  return useContext(LiveContext) ?? OFFLINE;
}

/** Other users viewing / typing in this conversation, kept current by the live stream. */
export function useConversationPresence(conversationId: string): { viewing: string[]; typing: string[] } {
  const { presence, me } = useLive();
  const version = useSyncExternalStore(presence.subscribe, presence.getVersion, () => 0);
  return useMemo(
    () =>
      version >= 0
        ? presence.state.inConversation(conversationId, me.id, presence.now)
        : { viewing: [], typing: [] },
    [version, presence, conversationId, me.id],
  );
}

/** Online / away / offline of a teammate (the assignee picker). */
export function useAgentStatus(): (userId: string) => AgentStatus {
  const { presence } = useLive();
  const version = useSyncExternalStore(presence.subscribe, presence.getVersion, () => 0);
  return useCallback(
    (userId: string) => (version >= 0 ? presence.state.status(userId, presence.now) : "offline"),
    [version, presence],
  );
}

/**
 * Desktop notifications by the user's preferences (never for the conversation this tab shows while it has focus),
 * and the refresh of the Inbox badge and the notification list. Renders nothing.
 */
function LiveAlerts({
  live,
  viewing,
  queryClient,
}: {
  live: LiveContextValue;
  viewing: React.RefObject<string | null>;
  queryClient: ReturnType<typeof useQueryClient>;
}) {
  const router = useRouter();
  const prefs = useQuery(notificationPreferencesOptions());
  const prefsRef = useRef(prefs.data);
  useEffect(() => {
    prefsRef.current = prefs.data;
  }, [prefs.data]);
  const { subscribe, me } = live;

  useEffect(() => {
    let countsTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshCounts = () => {
      countsTimer ??= setTimeout(() => {
        countsTimer = null;
        void queryClient.invalidateQueries({ queryKey: inboxKeys.counts() });
      }, 300);
    };
    const lookingAt = (conversationId: string) =>
      viewing.current === conversationId && document.hasFocus() && !document.hidden;
    const open = (conversationId: string) => () =>
      router.push(`/inbox?c=${encodeURIComponent(conversationId)}`);

    const unsubscribe = subscribe((signal) => {
      if (signal.kind !== "inbox") {
        refreshCounts();
        return;
      }
      const event = signal.event;
      const p = prefsRef.current;
      switch (event.type) {
        case "message.created": {
          refreshCounts();
          if (event.direction !== "INBOUND" || !p || lookingAt(event.conversationId)) return;
          const title =
            event.newConversation && p.newConversation
              ? "New conversation"
              : event.assigneeId === me.id && p.newMessage
                ? "New message"
                : null;
          if (!title) return;
          void apiFetch<{
            conversation: {
              contact: { name: string | null; phone: string | null };
              lastMessageText: string | null;
            };
          }>(`/api/conversations/${encodeURIComponent(event.conversationId)}`)
            .then(({ conversation: c }) =>
              showDesktopNotification(`${title} · ${c.contact.name ?? c.contact.phone ?? "Customer"}`, {
                body: c.lastMessageText ?? "",
                tag: `message:${event.messageId}`,
                onClick: open(event.conversationId),
              }),
            )
            .catch(() => {});
          return;
        }
        case "conversation.updated":
          refreshCounts();
          return;
        case "notification.created": {
          void queryClient.invalidateQueries({ queryKey: notificationKeys.list() });
          if (!p || lookingAt(event.conversationId)) return;
          // An automation rule's call to a user counts as a mention (both ask the user to look at a conversation).
          if (event.kind === "ASSIGNED" ? !p.assigned : !p.mention) return;
          const title =
            event.kind === "MENTION"
              ? "You were mentioned"
              : event.kind === "RULE"
                ? "An automation rule needs you"
                : "Assigned to you";
          showDesktopNotification(title, {
            body: event.body,
            tag: `notification:${event.notificationId}`,
            onClick: open(event.conversationId),
          });
          return;
        }
      }
    });
    return () => {
      if (countsTimer) clearTimeout(countsTimer);
      unsubscribe();
    };
  }, [subscribe, queryClient, router, me.id, viewing]);
  return null;
}
