"use client";

import { useCallback, useDeferredValue, useState } from "react";
import { ConversationList } from "@/components/inbox/conversation-list";
import { EmptyState, Thread } from "@/components/inbox/thread";
import { useInboxEvents } from "@/lib/messaging/hooks/use-inbox-events";
import { useNow } from "@/lib/messaging/hooks/use-now";

export function InboxClient({ initialConversationId, canReply }: { initialConversationId: string | null; canReply: boolean }) {
  const [selected, setSelected] = useState<string | null>(initialConversationId);
  const [status, setStatus] = useState("OPEN");
  const [q, setQ] = useState("");
  const deferredQ = useDeferredValue(q);
  const now = useNow(15_000);
  const onInbound = useCallback(() => {
    if (document.hidden) document.title = "● New message · Inbox";
  }, []);
  const live = useInboxEvents(onInbound);

  const select = (id: string) => {
    setSelected(id);
    document.title = "Inbox · Connectly Dashboard";
    window.history.replaceState(null, "", `/inbox?c=${id}`);
  };

  return (
    <div className="flex h-full">
      <ConversationList selectedId={selected} onSelect={select} status={status} onStatus={setStatus} q={deferredQ === q ? q : q} onQuery={setQ} live={live} now={now} />
      {selected ? (
        <Thread key={selected} conversationId={selected} live={live} now={now} canReply={canReply} />
      ) : (
        <EmptyState title="Pick a conversation" body="Customer messages arrive on the left in real time. Select one to read and reply." />
      )}
    </div>
  );
}
