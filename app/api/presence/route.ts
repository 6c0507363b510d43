import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { listPresence } from "@/lib/presence/list-presence";
import { reportPresence } from "@/lib/presence/report-presence";
import { reportPresenceSchema } from "@/lib/presence/schemas";

// GET /api/presence - open tabs of the team right now (who views which conversation, active or idle)
export const GET = withSession(async () => NextResponse.json({ presence: await listPresence() }), {
  permission: "inbox:read",
});

// POST /api/presence - this tab's conversation, active/idle, or a (throttled) typing report; pushed to every instance
export const POST = withSession(
  async (req, { user }) => {
    await reportPresence(user, await parseJsonBody(req, reportPresenceSchema));
    return new NextResponse(null, { status: 204 });
  },
  { permission: "inbox:read" },
);
