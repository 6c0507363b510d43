"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { apiFetch } from "@/lib/api-client/fetch";
import { fallbackInterval, type LiveState } from "@/lib/messaging/hooks/use-inbox-events";
import { conversationOptions, inboxKeys, messagesOptions } from "@/lib/messaging/queries";
import { windowState } from "@/lib/messaging/window";
import { Composer } from "./composer";
import { Avatar, contactName } from "./conversation-list";
import { MessageBubble } from "./message-bubble";
import { WindowCountdown } from "./window-countdown";

export function Thread({ conversationId, live, now, canReply }: { conversationId: string; live: LiveState; now: number; canReply: boolean }) {
  const queryClient = useQueryClient();
  const conversation = useQuery({ ...conversationOptions(conversationId), refetchInterval: fallbackInterval(live) });
  const messages = useQuery({ ...messagesOptions(conversationId), refetchInterval: fallbackInterval(live) });
  const bottom = useRef<HTMLDivElement>(null);
  const count = messages.data?.messages.length ?? 0;

  const markRead = useMutation({
    mutationFn: () => apiFetch(`/api/conversations/${conversationId}/read`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() }),
  });
  const unread = conversation.data?.unreadCount ?? 0;
  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (unread > 0) markReadNow();
  }, [unread, markReadNow]);

  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [count, conversationId]);

  if (conversation.isError) {
    return <EmptyState title="This conversation could not be loaded" body={conversation.error.message} />;
  }
  const c = conversation.data;
  const open = c ? windowState(c.lastInboundAt, now).open : false;

  return (
    <section aria-label="Conversation" className="flex h-full min-w-0 flex-1 flex-col">
      <header className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-3">
        {c ? (
          <>
            <Avatar name={contactName(c.contact)} />
            <div className="min-w-0 flex-1">
              <h2 className="truncate text-sm font-semibold" data-testid="thread-title">
                {contactName(c.contact)}
              </h2>
              <p className="truncate text-xs text-slate-500">
                {[c.contact.phone, c.contact.bsuid && `BSUID ${c.contact.bsuid}`].filter(Boolean).join(" · ")}
              </p>
            </div>
            <WindowCountdown lastInboundAt={c.lastInboundAt} now={now} />
          </>
        ) : (
          <div className="h-9 w-48 animate-pulse rounded bg-slate-100" />
        )}
      </header>
      <div className="chat-wallpaper min-h-0 flex-1 overflow-y-auto px-4 py-4" data-testid="thread">
        {messages.isPending ? (
          <p className="text-center text-sm text-slate-500">Loading messages…</p>
        ) : messages.isError ? (
          <p role="alert" className="text-center text-sm text-red-700">
            Could not load messages: {messages.error.message}
          </p>
        ) : (
          <div className="mx-auto flex max-w-3xl flex-col gap-2">
            {messages.data.messages.length === 0 ? <p className="text-center text-sm text-slate-500">No messages yet.</p> : null}
            {messages.data.messages.map((m) => (
              <MessageBubble key={m.id} message={m} />
            ))}
            <div ref={bottom} />
          </div>
        )}
      </div>
      {!canReply ? (
        <p className="border-t border-slate-200 bg-white p-3 text-center text-xs text-slate-500">Your role can read conversations but not reply.</p>
      ) : c && open ? (
        <Composer conversationId={conversationId} />
      ) : c ? (
        <div className="border-t border-slate-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="template-only">
          <p className="font-medium">The 24-hour window is closed — only an approved template can be sent.</p>
          <p className="text-xs">The free-form composer comes back by itself as soon as the customer writes again.</p>
        </div>
      ) : null}
    </section>
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
