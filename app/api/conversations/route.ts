import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listConversations } from "@/lib/messaging/read-models";
import { conversationListQuerySchema } from "@/lib/messaging/route-schemas";

// GET /api/conversations - the inbox list, newest activity first, cursor-paginated (?status, ?assignee=me|unassigned, ?q, ?label)
export const GET = withSession(
  async (req, { user }) => {
    const { assignee, label, ...query } = parseSearchParams(req, conversationListQuerySchema);
    return NextResponse.json(
      await listConversations({ ...query, labelId: label, assigneeId: assignee === "me" ? user.id : undefined, unassigned: assignee === "unassigned" }),
    );
  },
  { permission: "inbox:read" },
);
