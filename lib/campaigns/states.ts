// Recipient states and the words shown for them. Pure data: used by the engine, the webhook hook and the UI.

export const RECIPIENT_STATES = [
  "PENDING",
  "SENDING",
  "UNKNOWN",
  "SENT",
  "FAILED",
  "DELIVERED",
  "READ",
  "SKIPPED",
] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

/**
 * A state only moves to a higher rank, as message statuses do (contract §14): a late `sent` cannot hide a
 * failure, and `delivered`/`read` (proof of arrival) outrank a failure. SENDING and UNKNOWN share a rank so
 * that any webhook (evidence the send happened) settles an UNKNOWN recipient. SKIPPED is final.
 */
export const STATE_RANK: Record<RecipientState, number> = {
  PENDING: 0,
  SENDING: 1,
  UNKNOWN: 1,
  SENT: 2,
  FAILED: 3,
  DELIVERED: 4,
  READ: 5,
  SKIPPED: 9,
};

export const WEBHOOK_STATE: Record<"sent" | "delivered" | "read" | "delivery_failed", RecipientState> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  delivery_failed: "FAILED",
};

export const STATE_LABELS: Record<RecipientState, string> = {
  PENDING: "Pending",
  SENDING: "Sending",
  UNKNOWN: "Outcome unknown",
  SENT: "Sent",
  FAILED: "Failed",
  DELIVERED: "Delivered",
  READ: "Read",
  SKIPPED: "Skipped",
};

export const CAMPAIGN_STATUSES = [
  "DRAFT",
  "SCHEDULED",
  "RUNNING",
  "PAUSED",
  "COMPLETED",
  "CANCELLED",
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const REJECT_REASONS = [
  "BAD_NUMBER",
  "MISSING_VARIABLE",
  "INVALID_VARIABLE",
  "DUPLICATE",
  "OPTED_OUT",
  "UNVERIFIED_NUMBER",
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  BAD_NUMBER: "Bad phone number",
  MISSING_VARIABLE: "Missing variable",
  INVALID_VARIABLE: "Variable not allowed by WhatsApp",
  DUPLICATE: "Duplicate",
  OPTED_OUT: "Opted out",
  UNVERIFIED_NUMBER: "Number not known to be assigned",
};

/** Why a recipient was SKIPPED (set by the worker or by cancel). */
export const SKIP_REASONS = {
  OPTED_OUT: "Opted out before sending",
  CANCELLED: "Campaign cancelled",
  // The send policies' cap on marketing messages per contact across campaigns (lib/campaigns/policies/).
  PER_CONTACT_CAP: "Per-contact cap (already got the marketing messages allowed in the period)",
} as const;
export type SkipReason = keyof typeof SKIP_REASONS;

/**
 * Error codes the engine itself sets on UNKNOWN recipients (the upstream catalogue covers the rest). A worker
 * that died between marking a send attempt and storing the answer cannot know whether Connectly got it.
 */
export const ENGINE_CODES = {
  WORKER_INTERRUPTED: {
    title: "Send interrupted",
    cause: "The worker stopped while this message was being sent, so it may or may not have gone out.",
    action:
      "It is not resent automatically. A delivery report from Connectly settles it if it was sent; otherwise retry it deliberately.",
    retryable: false,
  },
  CONNECTION_LOST: {
    title: "Connection lost mid-send",
    cause:
      "The connection to Connectly dropped while this message was being sent, so it may or may not have gone out.",
    action:
      "It is not resent automatically. A delivery report from Connectly settles it if it was sent; otherwise retry it deliberately.",
    retryable: false,
  },
  // Campaign pauses (lib/quality/), not recipient outcomes.
  LIMIT_FAILURES_HIGH: {
    title: "Too many sends hit WhatsApp's messaging limits",
    cause:
      "A large share of the campaign's recent sends failed because the number or the customers reached a messaging limit.",
    action:
      "Wait for the limit to reset (24 hours for per-customer marketing limits), or send from a number on a higher tier, before resuming.",
    retryable: false,
  },
  SENDER_QUALITY_LOW: {
    title: "Sender number's quality dropped to low",
    cause:
      "Meta rated the number's recent messages low quality (blocks, reports); sending more risks a lower limit or a ban.",
    action:
      "Check what customers are reacting to (template, audience, frequency) before resuming; Settings shows the number's quality.",
    retryable: false,
  },
} as const;
