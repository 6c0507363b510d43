import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "../api-client/fetch";
import type { WebhookRetention } from "../webhooks/retention";
import type { SecuritySettingsView } from "./get-security-settings";
import type { WebhookRegistrationsView } from "./get-webhook-registrations";
import type { SenderQualityDto } from "../quality/list-sender-quality";
import type { ConnectlySettingsView } from "./get-settings-view";

export const settingsKeys = {
  all: ["settings"] as const,
  connectly: () => [...settingsKeys.all, "connectly"] as const,
  retention: () => [...settingsKeys.all, "retention"] as const,
  security: () => [...settingsKeys.all, "security"] as const,
  webhooks: () => [...settingsKeys.all, "webhooks"] as const,
  senderQuality: () => [...settingsKeys.all, "sender-quality"] as const,
};

export function connectlySettingsOptions() {
  return queryOptions({
    queryKey: settingsKeys.connectly(),
    queryFn: ({ signal }) =>
      apiFetch<{ settings: ConnectlySettingsView }>("/api/settings", { signal }).then((r) => r.settings),
  });
}

export function webhookRetentionOptions() {
  return queryOptions({
    queryKey: settingsKeys.retention(),
    queryFn: ({ signal }) =>
      apiFetch<{ retention: WebhookRetention }>("/api/settings/retention", { signal }).then(
        (r) => r.retention,
      ),
  });
}

export function securitySettingsOptions() {
  return queryOptions({
    queryKey: settingsKeys.security(),
    queryFn: ({ signal }) =>
      apiFetch<{ security: SecuritySettingsView }>("/api/settings/security", { signal }).then(
        (r) => r.security,
      ),
  });
}

export function webhookRegistrationsOptions() {
  return queryOptions({
    queryKey: settingsKeys.webhooks(),
    queryFn: ({ signal }) =>
      apiFetch<{ webhooks: WebhookRegistrationsView }>("/api/settings/webhooks", { signal }).then(
        (r) => r.webhooks,
      ),
    // "Last event received … ago" stays roughly current while the page is open.
    refetchInterval: 30_000,
  });
}

export function senderQualityOptions() {
  return queryOptions({
    queryKey: settingsKeys.senderQuality(),
    queryFn: ({ signal }) =>
      apiFetch<{ senders: SenderQualityDto[] }>("/api/senders/quality", { signal }).then((r) => r.senders),
    refetchInterval: 60_000,
  });
}
