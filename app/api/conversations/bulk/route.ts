import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { bulkUpdateConversations } from "@/lib/labels/bulk-update-conversations";
import { bulkConversationsSchema } from "@/lib/labels/schemas";

// POST /api/conversations/bulk - one action on selected conversations ({ conversationIds, action: assign | status | addLabel | removeLabel })
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, bulkConversationsSchema);
    return NextResponse.json(await bulkUpdateConversations(input, user));
  },
  { permission: "inbox:reply" },
);
