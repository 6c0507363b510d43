// Live events fan out through PostgreSQL LISTEN/NOTIFY, so every app instance hears every change.
// Writers call pg_notify(INBOX_CHANNEL, json) inside the same statement or transaction as the change: the
// notification is delivered only if the change commits.

export const INBOX_CHANNEL = "inbox_events";
// Presence (who is viewing or typing where, which streams are open) has a channel of its own: it is chatty
// (a heartbeat per open tab every 20 s) and is neither logged per event nor part of the inbox's cache refresh.
export const PRESENCE_CHANNEL = "presence_events";

export type InboxEvent =
  // An inbound one carries the conversation's assignee and whether it was created by this message, so each browser
  // can decide on a desktop notification (lib/notifications) without asking the server.
  | {
      type: "message.created";
      conversationId: string;
      messageId: string;
      direction: "INBOUND" | "OUTBOUND";
      assigneeId?: string | null;
      newConversation?: boolean;
    }
  | { type: "message.status"; conversationId: string; messageId: string; status: string }
  | {
      type: "conversation.updated";
      conversationId: string;
      change?: "assignee" | "status" | "contact" | "labels";
    }
  | { type: "note.created"; conversationId: string; noteId: string }
  // Addressed to one user: the event stream forwards it to that user's tabs only.
  | {
      type: "notification.created";
      conversationId: string;
      recipientId: string;
      notificationId: string;
      kind: "MENTION" | "ASSIGNED" | "RULE";
      body: string;
    };

/**
 * One open event stream (a tab): its user, the conversation it shows and whether its user is active (input in the
 * last few minutes) — sent when the stream opens, changes and on every stream heartbeat; `gone` when it closes.
 * `typing` marks a throttled keystroke report (no database write behind it).
 */
export type PresenceEvent = {
  streamId: string | null;
  userId: string;
  name: string;
  conversationId: string | null;
  active: boolean;
  typing?: boolean;
  gone?: boolean;
};
