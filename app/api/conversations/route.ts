import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listConversations } from "@/lib/messaging/read-models";
import { conversationListQuerySchema } from "@/lib/messaging/route-schemas";

// GET /api/conversations - the inbox list, newest activity first, cursor-paginated (?status, ?assignee=me|unassigned, ?q, ?label, ?sla=breached)
export const GET = withSession(
  async (req, { user }) => {
    const { assignee, label, sla, ...query } = parseSearchParams(req, conversationListQuerySchema);
    return NextResponse.json(
      await listConversations({
        ...query,
        labelId: label,
        slaBreached: sla === "breached",
        assigneeId: assignee === "me" ? user.id : undefined,
        unassigned: assignee === "unassigned",
      }),
    );
  },
  { permission: "inbox:read" },
);
