"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import type { InboxEvent } from "../../realtime/events";
import { parseJsonOrUndefined } from "../../safe-decode";
import { inboxKeys } from "../queries";

export type LiveState = "connecting" | "live" | "offline";

/**
 * Subscribes to the server's event stream and refreshes exactly what changed. When the stream drops, the
 * browser's EventSource reconnects by itself; meanwhile the queries fall back to slow polling (see
 * `fallbackInterval`), and every reconnect refetches the inbox in case events were missed.
 */
export function useInboxEvents(onInbound?: (e: InboxEvent) => void): LiveState {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [state, setState] = useState<LiveState>("connecting");
  const onInboundRef = useRef(onInbound);
  useEffect(() => {
    onInboundRef.current = onInbound;
  }, [onInbound]);

  useEffect(() => {
    const source = new EventSource("/api/events");
    // Delivery ticks come in bursts (a campaign's statuses): list previews refresh at most every 800 ms for them.
    let listTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshListsSoon = () => {
      listTimer ??= setTimeout(() => {
        listTimer = null;
        void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      }, 800);
    };
    const refreshListsNow = () => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.counts() });
    };

    source.addEventListener("ready", () => {
      setState("live");
      void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
    });
    source.addEventListener("reset", () => void queryClient.invalidateQueries({ queryKey: inboxKeys.all }));
    // The session ended (signed out elsewhere, deactivated, idle): stop reconnecting and sign in again.
    source.addEventListener("unauthenticated", () => {
      source.close();
      router.replace("/login");
    });
    source.addEventListener("inbox", (msg) => {
      const event = parseJsonOrUndefined((msg as MessageEvent<string>).data) as InboxEvent | undefined;
      // A malformed event is skipped; the next one (or the poll while the stream is down) catches up.
      if (typeof event !== "object" || event === null || typeof event.conversationId !== "string") return;
      const id = event.conversationId;
      switch (event.type) {
        case "message.created":
          void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(id) });
          void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(id) });
          void queryClient.invalidateQueries({ queryKey: inboxKeys.contact(id) }); // its message count
          refreshListsNow();
          if (event.direction === "INBOUND") onInboundRef.current?.(event);
          break;
        case "message.status":
          void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(id) });
          refreshListsSoon();
          break;
        case "note.created":
          void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(id) });
          break;
        case "conversation.updated":
          void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(id) });
          void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(id) }); // the activity line
          if (event.change === "contact") void queryClient.invalidateQueries({ queryKey: inboxKeys.contact(id) });
          refreshListsNow();
          break;
      }
    });
    source.onerror = () => setState("offline");
    return () => {
      if (listTimer) clearTimeout(listTimer);
      source.close();
    };
  }, [queryClient, router]);

  return state;
}

/** Poll only while the live stream is down. */
export function fallbackInterval(state: LiveState): number | false {
  return state === "live" ? false : 10_000;
}
