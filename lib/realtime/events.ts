// Live events fan out through PostgreSQL LISTEN/NOTIFY, so every app instance hears every change.
// Writers call pg_notify(INBOX_CHANNEL, json) inside the same statement or transaction as the change: the
// notification is delivered only if the change commits.

export const INBOX_CHANNEL = "inbox_events";

export type InboxEvent =
  | { type: "message.created"; conversationId: string; messageId: string; direction: "INBOUND" | "OUTBOUND" }
  | { type: "message.status"; conversationId: string; messageId: string; status: string }
  | { type: "conversation.updated"; conversationId: string; change?: "assignee" | "status" | "contact" | "labels" }
  | { type: "note.created"; conversationId: string; noteId: string };
