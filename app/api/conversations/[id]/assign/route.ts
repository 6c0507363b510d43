import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { assignConversation } from "@/lib/messaging/assign-conversation";
import { assignConversationSchema } from "@/lib/messaging/schemas";

// POST /api/conversations/:id/assign - assign to an agent ({ assigneeId }) or unassign ({ assigneeId: null })
export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, assignConversationSchema);
    return NextResponse.json({ conversation: await assignConversation(params.id, input, user) });
  },
  { permission: "inbox:reply" },
);
