import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getConversation } from "@/lib/messaging/read-models";

// GET /api/conversations/:id - one conversation with its contact and window
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json({ conversation: await getConversation(params.id) }),
  { permission: "inbox:read" },
);
