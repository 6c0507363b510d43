import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { env, SIMULATOR_API_KEY } from "../env";
import { BUTTON_URL_MODES, DEFAULT_BUTTON_URL_MODE, type ButtonUrlMode } from "../connectly/url-buttons";
import type { Prisma } from "../generated/prisma/client";
import { decryptSecret, DecryptionError, encryptSecret } from "../security/encryption";
import { log } from "../observability/logger";

// The Connectly connection in effect: values saved on the Settings page, else the environment's. Read on every
// upstream call and every webhook, so it is cached for a few seconds per process; saving clears this process's
// cache at once, other instances pick the change up within CACHE_MS.

export type SettingSource = "saved" | "environment";

export type ConnectlySettings = {
  baseUrl: string;
  apiKey: string;
  businessId: string;
  webhookSecret: string;
  /** The webhook secret replaced by the last rotation and until when it is still accepted. */
  previousWebhookSecret: string | null;
  previousWebhookSecretUntil: Date | null;
  /** A real Connectly API key is in effect (not the simulator's). */
  live: boolean;
  defaultSender: string | undefined;
  /** What `button_N_url` carries upstream (§14 default: the suffix). */
  buttonUrlMode: ButtonUrlMode;
  timeoutMs: number;
  sources: {
    apiKey: SettingSource;
    businessId: SettingSource;
    webhookSecret: SettingSource;
    defaultSender: SettingSource;
  };
  /** Saved secrets that no longer decrypt (SETTINGS_ENCRYPTION_KEY changed): the environment's value is used. */
  unreadable: ("apiKey" | "webhookSecret")[];
  updatedAt: Date | null;
};

const CACHE_MS = 5_000;
export const API_KEY_FIELD = "workspace.apiKey";
export const WEBHOOK_SECRET_FIELD = "workspace.webhookSecret";

type Holder = {
  cache?: { value: ConnectlySettings; expiresAt: number };
  load?: Promise<ConnectlySettings>;
  generation: number;
};
const holder = ((globalThis as unknown as { connectlySettings?: Holder }).connectlySettings ??= {
  generation: 0,
});

export async function getConnectlySettings(): Promise<ConnectlySettings> {
  if (holder.cache && holder.cache.expiresAt > Date.now()) return holder.cache.value;
  // One load at a time: a burst of webhooks after expiry shares a single query.
  if (!holder.load) {
    const generation = holder.generation;
    const loading = load().finally(() => {
      if (holder.load === loading) holder.load = undefined;
    });
    holder.load = loading;
    // A save during the load bumps the generation: the value read before it must not be cached.
    void loading.then(
      (value) => {
        if (holder.generation === generation) holder.cache = { value, expiresAt: Date.now() + CACHE_MS };
      },
      () => {},
    );
  }
  return holder.load;
}

export function invalidateConnectlySettings(): void {
  holder.generation++;
  holder.cache = undefined;
  holder.load = undefined;
}

/** The workspace row holding the settings: the first one (the app has one workspace). */
function findSettingsRow(client: Pick<Prisma.TransactionClient, "workspace"> = db) {
  return client.workspace.findFirst({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      businessId: true,
      defaultSender: true,
      apiKeyEncrypted: true,
      webhookSecretEncrypted: true,
      previousWebhookSecretEncrypted: true,
      previousWebhookSecretUntil: true,
      buttonUrlMode: true,
      settingsUpdatedAt: true,
    },
  });
}

/** Writes workspace settings to the one settings row (created on first save); returns the row's id. */
export async function saveSettingsRow(
  tx: Prisma.TransactionClient,
  data: Omit<Prisma.WorkspaceUncheckedCreateInput, "id" | "name">,
): Promise<{ id: string }> {
  const row = await findSettingsRow(tx);
  return row
    ? tx.workspace.update({ where: { id: row.id }, data, select: { id: true } })
    : tx.workspace.create({ data: { name: "Workspace", ...data }, select: { id: true } });
}

async function load(): Promise<ConnectlySettings> {
  const defaults = env().connectly;
  const row = await findSettingsRow();
  const unreadable: ConnectlySettings["unreadable"] = [];
  const apiKey = decryptOrNull(row?.apiKeyEncrypted, API_KEY_FIELD, () => unreadable.push("apiKey"));
  const webhookSecret = decryptOrNull(row?.webhookSecretEncrypted, WEBHOOK_SECRET_FIELD, () =>
    unreadable.push("webhookSecret"),
  );
  // An unreadable previous secret just ends the grace early: it is not reported.
  const previousWebhookSecret = decryptOrNull(
    row?.previousWebhookSecretEncrypted,
    WEBHOOK_SECRET_FIELD,
    () => {},
  );
  const effectiveApiKey = apiKey ?? defaults.apiKey;
  return {
    baseUrl: defaults.baseUrl,
    timeoutMs: defaults.timeoutMs,
    apiKey: effectiveApiKey,
    live: effectiveApiKey !== SIMULATOR_API_KEY,
    businessId: row?.businessId ?? defaults.businessId,
    webhookSecret: webhookSecret ?? defaults.webhookSecret,
    previousWebhookSecret,
    previousWebhookSecretUntil: previousWebhookSecret ? (row?.previousWebhookSecretUntil ?? null) : null,
    defaultSender: row?.defaultSender ?? defaults.defaultSender,
    buttonUrlMode: BUTTON_URL_MODES.find((m) => m === row?.buttonUrlMode) ?? DEFAULT_BUTTON_URL_MODE,
    sources: {
      apiKey: apiKey ? "saved" : "environment",
      businessId: row?.businessId ? "saved" : "environment",
      webhookSecret: webhookSecret ? "saved" : "environment",
      defaultSender: row?.defaultSender ? "saved" : "environment",
    },
    unreadable,
    updatedAt: row?.settingsUpdatedAt ?? null,
  };
}

function decryptOrNull(
  stored: string | null | undefined,
  field: string,
  onUnreadable: () => void,
): string | null {
  if (!stored) return null;
  const key = env().SETTINGS_ENCRYPTION_KEY;
  if (!key) {
    log("settings").error(
      { field },
      "saved but SETTINGS_ENCRYPTION_KEY is not set: using the environment's value",
    );
    onUnreadable();
    return null;
  }
  try {
    return decryptSecret(stored, key, field);
  } catch (error) {
    if (!(error instanceof DecryptionError)) throw error;
    log("settings").error(
      { field, reason: error.message },
      "cannot be decrypted: using the environment's value",
    );
    onUnreadable();
    return null;
  }
}

export function encryptSetting(plaintext: string, field: string): string {
  const key = env().SETTINGS_ENCRYPTION_KEY;
  if (!key) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "Secrets cannot be saved: the server has no SETTINGS_ENCRYPTION_KEY. Set it (32+ random characters) and restart.",
    );
  }
  return encryptSecret(plaintext, key, field);
}
