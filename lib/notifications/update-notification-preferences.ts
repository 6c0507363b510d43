import "server-only";
import { db } from "../db";
import type { NotificationPreferences } from "./schemas";

/** Saves the user's own preferences (not audited: they change only what this user's browser shows them). */
export async function updateNotificationPreferences(
  userId: string,
  input: NotificationPreferences,
): Promise<NotificationPreferences> {
  return db.notificationPreference.upsert({
    where: { userId },
    create: { userId, ...input },
    update: input,
    select: { newConversation: true, newMessage: true, assigned: true, mention: true },
  });
}
