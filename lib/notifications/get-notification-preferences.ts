import "server-only";
import { db } from "../db";
import { DEFAULT_NOTIFICATION_PREFERENCES, type NotificationPreferences } from "./schemas";

/** The user's saved preferences, or the defaults (everything on) before they first save. */
export async function getNotificationPreferences(userId: string): Promise<NotificationPreferences> {
  const row = await db.notificationPreference.findUnique({
    where: { userId },
    select: { newConversation: true, newMessage: true, assigned: true, mention: true },
  });
  return row ?? DEFAULT_NOTIFICATION_PREFERENCES;
}
