import "server-only";
import { isPublicWebhookSecret, webhookSecretRefusal } from "../connectly/signature";
import type { ButtonUrlMode } from "../connectly/url-buttons";
import { env } from "../env";
import { getConnectlySettings, type SettingSource } from "./get-connectly-settings";

// What the Settings page may know. Secrets leave the server only as "set, ending in …1234".

export type SecretView = { set: boolean; last4: string | null; source: SettingSource; unreadable: boolean };

export type ConnectlySettingsView = {
  businessId: { value: string; source: SettingSource };
  apiKey: SecretView;
  webhookSecret: SecretView & { publicDefault: boolean };
  /** Set when no webhook can be accepted (live API key + the public default secret): the page shows it in red. */
  webhooksRefused: string | null;
  /** The secret replaced by the last rotation, while it is still accepted. */
  previousWebhookSecret: { last4: string | null; until: string } | null;
  live: boolean;
  defaultSender: { value: string | null; source: SettingSource };
  buttonUrlMode: ButtonUrlMode;
  upstream: { baseUrl: string; simulator: boolean };
  webhookPath: string;
  encryptionAvailable: boolean;
  updatedAt: string | null;
};

export async function getSettingsView(): Promise<ConnectlySettingsView> {
  const settings = await getConnectlySettings();
  const secret = (value: string, field: "apiKey" | "webhookSecret"): SecretView => ({
    set: value.length > 0,
    last4: value.length >= 8 ? value.slice(-4) : null,
    source: settings.sources[field],
    unreadable: settings.unreadable.includes(field),
  });
  return {
    businessId: { value: settings.businessId, source: settings.sources.businessId },
    apiKey: secret(settings.apiKey, "apiKey"),
    webhookSecret: {
      ...secret(settings.webhookSecret, "webhookSecret"),
      publicDefault: isPublicWebhookSecret(settings.webhookSecret),
    },
    webhooksRefused: webhookSecretRefusal({ current: settings.webhookSecret, live: settings.live }),
    previousWebhookSecret:
      settings.previousWebhookSecret &&
      settings.previousWebhookSecretUntil &&
      settings.previousWebhookSecretUntil > new Date()
        ? {
            last4:
              settings.previousWebhookSecret.length >= 8 ? settings.previousWebhookSecret.slice(-4) : null,
            until: settings.previousWebhookSecretUntil.toISOString(),
          }
        : null,
    live: settings.live,
    defaultSender: { value: settings.defaultSender ?? null, source: settings.sources.defaultSender },
    buttonUrlMode: settings.buttonUrlMode,
    upstream: { baseUrl: settings.baseUrl, simulator: env().usingSimulator && !env().CONNECTLY_BASE_URL },
    webhookPath: "/api/webhooks/connectly",
    encryptionAvailable: Boolean(env().SETTINGS_ENCRYPTION_KEY),
    updatedAt: settings.updatedAt?.toISOString() ?? null,
  };
}
