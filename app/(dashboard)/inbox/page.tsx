import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { InboxClient } from "@/components/inbox/inbox-page";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requirePageUser("inbox:read");
  // The open conversation (?c=) and the label filter (?label=) are read by the client from the URL (useSearchParams),
  // which also follows Back.
  return (
    <InboxClient canReply={can(user.role, "inbox:reply")} currentUser={{ id: user.id, name: user.name }} />
  );
}
