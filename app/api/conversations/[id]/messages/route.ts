import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { getConversation, listMessages } from "@/lib/messaging/read-models";
import { messageListQuerySchema } from "@/lib/messaging/route-schemas";

// GET /api/conversations/:id/messages - the thread, latest page first, `before` cursor for older messages
export const GET = withSession<{ id: string }>(
  async (req, { params }) => {
    await getConversation(params.id); // 404 for an unknown conversation rather than an empty thread
    return NextResponse.json(await listMessages(params.id, parseSearchParams(req, messageListQuerySchema)));
  },
  { permission: "inbox:read" },
);
