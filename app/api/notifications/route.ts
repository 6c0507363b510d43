import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { listNotifications } from "@/lib/notifications/list-notifications";

// GET /api/notifications - my latest mentions and assignments, with the unread count
export const GET = withSession(
  async (_req, { user }) => NextResponse.json(await listNotifications(user.id)),
  { permission: "inbox:read" },
);
