import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getNotificationPreferences } from "@/lib/notifications/get-notification-preferences";
import { notificationPreferencesSchema } from "@/lib/notifications/schemas";
import { updateNotificationPreferences } from "@/lib/notifications/update-notification-preferences";

// GET /api/account/notifications - which desktop notifications I want
export const GET = withSession(async (_req, { user }) =>
  NextResponse.json({ preferences: await getNotificationPreferences(user.id) }),
);

// PUT /api/account/notifications - save them ({ newConversation, newMessage, assigned, mention })
export const PUT = withSession(async (req, { user }) => {
  const input = await parseJsonBody(req, notificationPreferencesSchema);
  return NextResponse.json({ preferences: await updateNotificationPreferences(user.id, input) });
});
