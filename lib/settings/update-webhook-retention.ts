import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { getWebhookRetention, type WebhookRetention } from "../webhooks/retention";
import { saveSettingsRow } from "./get-connectly-settings";
import type { UpdateWebhookRetentionInput } from "./schemas";

/** Saves the retention days (null = back to the default) and audits the change with the old and new values. */
export async function updateWebhookRetention(
  input: UpdateWebhookRetentionInput,
  actorId: string,
): Promise<WebhookRetention> {
  const before = await getWebhookRetention();
  const data = {
    ...(input.days !== undefined ? { webhookRetentionDays: input.days } : {}),
    ...(input.invalidDays !== undefined ? { invalidWebhookRetentionDays: input.invalidDays } : {}),
  };
  await db.$transaction(async (tx) => {
    const workspace = await saveSettingsRow(tx, data);
    const after = await tx.workspace.findUniqueOrThrow({
      where: { id: workspace.id },
      select: { webhookRetentionDays: true, invalidWebhookRetentionDays: true },
    });
    const changes = {
      ...(input.days !== undefined
        ? { days: { from: before.days, to: after.webhookRetentionDays ?? "default" } }
        : {}),
      ...(input.invalidDays !== undefined
        ? { invalidDays: { from: before.invalidDays, to: after.invalidWebhookRetentionDays ?? "default" } }
        : {}),
    };
    await recordAuditEvent(
      {
        actorId,
        action: "settings.retention_updated",
        targetType: "workspace",
        targetId: workspace.id,
        targetLabel: "Webhook event retention",
        details: { changes },
      },
      tx,
    );
  });
  return getWebhookRetention();
}
