import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { setConversationStatus } from "@/lib/messaging/set-conversation-status";
import { setConversationStatusSchema } from "@/lib/messaging/schemas";

// POST /api/conversations/:id/status - Open / Pending / Resolved ({ status })
export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, setConversationStatusSchema);
    return NextResponse.json({ conversation: await setConversationStatus(params.id, input, user) });
  },
  { permission: "inbox:reply" },
);
