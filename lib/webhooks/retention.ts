import "server-only";
import { db } from "../db";

// How long webhook events are kept: the Settings page's values, else the defaults. INVALID events are kept
// longer because someone may still need to look at what Connectly sent and why it was refused.

const DEFAULT_RETENTION_DAYS = 30;
const DEFAULT_INVALID_RETENTION_DAYS = 90;

export type WebhookRetention = {
  days: number;
  invalidDays: number;
  /** Which values are saved on the Settings page (the others are the defaults). */
  saved: { days: boolean; invalidDays: boolean };
};

export async function getWebhookRetention(): Promise<WebhookRetention> {
  const row = await db.workspace.findFirst({
    orderBy: { createdAt: "asc" },
    select: { webhookRetentionDays: true, invalidWebhookRetentionDays: true },
  });
  return {
    days: row?.webhookRetentionDays ?? DEFAULT_RETENTION_DAYS,
    invalidDays: row?.invalidWebhookRetentionDays ?? DEFAULT_INVALID_RETENTION_DAYS,
    saved: { days: row?.webhookRetentionDays != null, invalidDays: row?.invalidWebhookRetentionDays != null },
  };
}
