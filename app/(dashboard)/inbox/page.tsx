import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { InboxClient } from "./page-client";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage({ searchParams }: { searchParams: Promise<{ c?: string; label?: string }> }) {
  const user = await requirePageUser("inbox:read");
  const { c, label } = await searchParams;
  return (
    <InboxClient
      initialConversationId={c ?? null}
      initialLabel={typeof label === "string" && label.length <= 64 ? label : null}
      canReply={can(user.role, "inbox:reply")}
      currentUser={{ id: user.id, name: user.name }}
    />
  );
}
