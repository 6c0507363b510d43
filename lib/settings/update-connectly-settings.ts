import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { env } from "../env";
import {
  API_KEY_FIELD,
  encryptSetting,
  saveSettingsRow,
  getConnectlySettings,
  invalidateConnectlySettings,
  WEBHOOK_SECRET_FIELD,
} from "./get-connectly-settings";
import { getSettingsView } from "./get-settings-view";
import type { UpdateConnectlySettingsInput } from "./schemas";

const FIELD_NAMES = {
  businessId: "business ID",
  apiKey: "API key",
  webhookSecret: "webhook secret",
  defaultSender: "default sender",
  buttonUrlMode: "URL button format",
} as const;

/**
 * Saves the changed fields (secrets encrypted), audits which ones changed (never their values). Changing the
 * webhook secret with a grace period keeps the secret in effect until then as the previous one (both are
 * accepted, lib/connectly/signature.ts); without one, the old secret stops working at once.
 */
export async function updateConnectlySettings(input: UpdateConnectlySettingsInput, actorId: string) {
  invalidateConnectlySettings();
  const before = await getConnectlySettings();
  const { webhookSecretGraceHours: graceHours = 0, endWebhookSecretGrace, ...fieldInput } = input;
  const newSecret =
    input.webhookSecret === undefined ? undefined : (input.webhookSecret ?? env().connectly.webhookSecret);
  const rotating = newSecret !== undefined && newSecret !== before.webhookSecret;
  const graceUntil = rotating && graceHours > 0 ? new Date(Date.now() + graceHours * 3_600_000) : null;
  const rotation = rotating
    ? {
        previousWebhookSecretEncrypted: graceUntil
          ? encryptSetting(before.webhookSecret, WEBHOOK_SECRET_FIELD)
          : null,
        previousWebhookSecretUntil: graceUntil,
      }
    : endWebhookSecretGrace
      ? { previousWebhookSecretEncrypted: null, previousWebhookSecretUntil: null }
      : {};
  const data = {
    ...rotation,
    ...(input.businessId !== undefined ? { businessId: input.businessId } : {}),
    ...(input.defaultSender !== undefined ? { defaultSender: input.defaultSender } : {}),
    ...(input.buttonUrlMode !== undefined ? { buttonUrlMode: input.buttonUrlMode } : {}),
    ...(input.apiKey !== undefined
      ? { apiKeyEncrypted: input.apiKey && encryptSetting(input.apiKey, API_KEY_FIELD) }
      : {}),
    ...(input.webhookSecret !== undefined
      ? {
          webhookSecretEncrypted:
            input.webhookSecret && encryptSetting(input.webhookSecret, WEBHOOK_SECRET_FIELD),
        }
      : {}),
    settingsUpdatedAt: new Date(),
  };
  const fields = Object.entries(fieldInput).filter(([, value]) => value !== undefined);
  const changes: Record<string, string> = Object.fromEntries(
    fields.map(([field, value]) => [field, value === null ? "reset to the environment's value" : "saved"]),
  );
  if (graceUntil) changes.previousWebhookSecret = `accepted until ${graceUntil.toISOString()}`;
  else if (rotating && before.previousWebhookSecret) changes.previousWebhookSecret = "no longer accepted";
  if (endWebhookSecretGrace && !rotating) changes.previousWebhookSecret = "no longer accepted";
  const named = (reset: boolean) =>
    fields.filter(([, v]) => (v === null) === reset).map(([f]) => FIELD_NAMES[f as keyof typeof FIELD_NAMES]);
  const saved = named(false);
  const reset = named(true);
  const summary = [
    saved.length ? `Saved ${saved.join(", ")}` : null,
    reset.length ? `${saved.length ? "back" : "Back"} to the environment's ${reset.join(", ")}` : null,
    changes.previousWebhookSecret ? `previous webhook secret ${changes.previousWebhookSecret}` : null,
  ]
    .filter(Boolean)
    .join("; ");
  await db.$transaction(async (tx) => {
    const workspace = await saveSettingsRow(tx, data);
    await recordAuditEvent(
      {
        actorId,
        action: "settings.updated",
        targetType: "workspace",
        targetId: workspace.id,
        targetLabel: "Connectly connection",
        details: { changes, summary },
      },
      tx,
    );
  });
  invalidateConnectlySettings();
  return getSettingsView();
}
