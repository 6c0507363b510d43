"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { InboxEvent } from "../../realtime/events";
import { inboxKeys } from "../queries";

export type LiveState = "connecting" | "live" | "offline";

/**
 * Subscribes to the server's event stream and refreshes exactly what changed. When the stream drops, the
 * browser's EventSource reconnects by itself; meanwhile the queries fall back to slow polling (see
 * `fallbackInterval`), and every reconnect refetches the inbox in case events were missed.
 */
export function useInboxEvents(onInbound?: (e: InboxEvent) => void): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    const source = new EventSource("/api/events");
    source.addEventListener("ready", () => {
      setState("live");
      void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
    });
    source.addEventListener("reset", () => void queryClient.invalidateQueries({ queryKey: inboxKeys.all }));
    source.addEventListener("inbox", (msg) => {
      const event = JSON.parse((msg as MessageEvent<string>).data) as InboxEvent;
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(event.conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversation(event.conversationId) });
      if (event.type !== "message.status") {
        void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
      }
      if (event.type === "message.created" && event.direction === "INBOUND") onInbound?.(event);
    });
    source.onerror = () => setState("offline");
    return () => source.close();
  }, [queryClient, onInbound]);

  return state;
}

/** Poll only while the live stream is down. */
export function fallbackInterval(state: LiveState): number | false {
  return state === "live" ? false : 10_000;
}
