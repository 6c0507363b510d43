import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { listAssignees } from "@/lib/messaging/read-models";

// GET /api/conversations/assignees - active users a conversation can be assigned to
export const GET = withSession(async () => NextResponse.json({ assignees: await listAssignees() }), {
  permission: "inbox:read",
});
