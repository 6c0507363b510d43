import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { markConversationRead } from "@/lib/messaging/read-models";

// POST /api/conversations/:id/read - the agent opened the thread: clear its unread count
export const POST = withSession<{ id: string }>(
  async (_req, { params }) => {
    await markConversationRead(params.id);
    return NextResponse.json({ ok: true });
  },
  { permission: "inbox:read" },
);
