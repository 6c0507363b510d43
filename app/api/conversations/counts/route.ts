import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { countConversations } from "@/lib/messaging/read-models";

// GET /api/conversations/counts - tab counts (status x all/mine/unassigned) and the unread badge
export const GET = withSession(
  async (_req, { user }) => NextResponse.json(await countConversations(user.id)),
  {
    permission: "inbox:read",
  },
);
