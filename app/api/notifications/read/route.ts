import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";
import { markNotificationsReadSchema } from "@/lib/notifications/schemas";

// POST /api/notifications/read - mark my notifications read ({ ids } or { all: true })
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, markNotificationsReadSchema);
    return NextResponse.json({ updated: await markNotificationsRead(user.id, input) });
  },
  { permission: "inbox:read" },
);
