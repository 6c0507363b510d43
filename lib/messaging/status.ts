// Outbound status order (contract §14): queued < sent < delivered < read, and a status never moves backwards.
// delivery_failed applies only while the message is below delivered, so it ranks between sent and delivered:
// a late `sent` cannot hide a failure, and a `delivered`/`read` (proof the message arrived) outranks it.

export const MESSAGE_STATUSES = ["QUEUED", "SENT", "FAILED", "DELIVERED", "READ"] as const;
export type MessageStatusName = (typeof MESSAGE_STATUSES)[number];

export const STATUS_RANK: Record<MessageStatusName, number> = {
  QUEUED: 0,
  SENT: 1,
  FAILED: 2,
  DELIVERED: 3,
  READ: 4,
};

export const WEBHOOK_STATUS: Record<"sent" | "delivered" | "read" | "delivery_failed", MessageStatusName> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  delivery_failed: "FAILED",
};

/** The status after applying `incoming` to `current`: the higher rank wins; equal ranks keep the current. */
export function nextStatus(current: MessageStatusName, incoming: MessageStatusName): MessageStatusName {
  return STATUS_RANK[incoming] > STATUS_RANK[current] ? incoming : current;
}
