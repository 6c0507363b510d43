import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listConversations } from "@/lib/messaging/read-models";
import { conversationListQuerySchema } from "@/lib/messaging/route-schemas";

// GET /api/conversations - the inbox list, newest activity first, cursor-paginated
export const GET = withSession(
  async (req) => NextResponse.json(await listConversations(parseSearchParams(req, conversationListQuerySchema))),
  { permission: "inbox:read" },
);
