"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useLive, type LiveState } from "@/lib/realtime/live-provider";
import type { InboxEvent } from "../../realtime/events";
import { inboxKeys } from "../queries";

export type { LiveState };

/**
 * Refreshes exactly what changed, from the tab's one live stream (components/layout/live-provider.tsx). When the
 * stream drops, the browser's EventSource reconnects by itself; meanwhile the queries fall back to slow polling
 * (see `fallbackInterval`), and every reconnect refetches the inbox in case events were missed.
 */
export function useInboxEvents(onInbound?: (e: InboxEvent) => void): LiveState {
  const queryClient = useQueryClient();
  const { state, subscribe } = useLive();
  const onInboundRef = useRef(onInbound);
  useEffect(() => {
    onInboundRef.current = onInbound;
  }, [onInbound]);

  useEffect(() => {
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
    const unsubscribe = subscribe((signal) => {
      if (signal.kind !== "inbox") {
        void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
        return;
      }
      const event = signal.event;
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
          if (event.change === "contact" || event.change === "labels")
            void queryClient.invalidateQueries({ queryKey: inboxKeys.contact(id) });
          refreshListsNow();
          break;
      }
    });
    return () => {
      if (listTimer) clearTimeout(listTimer);
      unsubscribe();
    };
  }, [queryClient, subscribe]);

  return state;
}

/** Poll only while the live stream is down. */
export function fallbackInterval(state: LiveState): number | false {
  return state === "live" ? false : 10_000;
}
