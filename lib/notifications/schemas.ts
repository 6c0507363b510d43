import { z } from "zod";

// Which desktop notifications a user wants (the Account page). Every kind defaults to on.
export const NOTIFICATION_KINDS = ["newConversation", "newMessage", "assigned", "mention"] as const;
export type NotificationPreferenceKey = (typeof NOTIFICATION_KINDS)[number];

export const notificationPreferencesSchema = z.strictObject({
  newConversation: z.boolean(),
  newMessage: z.boolean(),
  assigned: z.boolean(),
  mention: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const DEFAULT_NOTIFICATION_PREFERENCES: NotificationPreferences = {
  newConversation: true,
  newMessage: true,
  assigned: true,
  mention: true,
};

export const NOTIFICATION_PREFERENCE_LABELS: Record<
  NotificationPreferenceKey,
  { label: string; hint: string }
> = {
  newConversation: { label: "New conversations", hint: "A customer writes for the first time." },
  newMessage: {
    label: "New messages in my conversations",
    hint: "A customer writes in a conversation assigned to you.",
  },
  assigned: { label: "Assigned to me", hint: "A teammate gives you a conversation." },
  mention: { label: "Mentions in notes", hint: "A teammate writes @your name in an internal note." },
};

// Marks the given notifications read, or every one of the user's with { all: true }.
export const markNotificationsReadSchema = z.union([
  z.strictObject({ ids: z.array(z.string().min(1).max(64)).min(1).max(100) }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadSchema>;

export type NotificationDto = {
  id: string;
  kind: "MENTION" | "ASSIGNED" | "RULE";
  conversationId: string;
  actorName: string;
  body: string;
  createdAt: string;
  readAt: string | null;
};
