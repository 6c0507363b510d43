import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import {
  API_KEY_FIELD,
  encryptSetting,
  findSettingsRow,
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

/** Saves the changed fields (secrets encrypted), audits which ones changed (never their values). */
export async function updateConnectlySettings(input: UpdateConnectlySettingsInput, actorId: string) {
  const data = {
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
  const fields = Object.entries(input).filter(([, value]) => value !== undefined);
  const changes = Object.fromEntries(
    fields.map(([field, value]) => [field, value === null ? "reset to the environment's value" : "saved"]),
  );
  const named = (reset: boolean) =>
    fields.filter(([, v]) => (v === null) === reset).map(([f]) => FIELD_NAMES[f as keyof typeof FIELD_NAMES]);
  const saved = named(false);
  const reset = named(true);
  const summary = [
    saved.length ? `Saved ${saved.join(", ")}` : null,
    reset.length ? `${saved.length ? "back" : "Back"} to the environment's ${reset.join(", ")}` : null,
  ]
    .filter(Boolean)
    .join("; ");
  await db.$transaction(async (tx) => {
    const row = await findSettingsRow(tx);
    const workspace = row
      ? await tx.workspace.update({ where: { id: row.id }, data, select: { id: true } })
      : await tx.workspace.create({ data: { name: "Workspace", ...data }, select: { id: true } });
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
