"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import type { EventTopic } from "../../connectly/webhook-registration";
import type { RoundTripResult } from "../check-webhook-round-trip";
import type { ConnectWebhooksResult } from "../connect-webhooks";
import { settingsKeys } from "../queries";
import type { ConnectWebhooksInput, RepointWebhookInput } from "../schemas";

// Every change to the registrations refreshes the view (registrations, checks) and the audit log.
function useRefresh() {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: settingsKeys.webhooks() }),
      queryClient.invalidateQueries({ queryKey: auditKeys.all }),
    ]);
  };
}

export function useConnectWebhooks() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: ConnectWebhooksInput) =>
      apiFetch<{ result: ConnectWebhooksResult }>("/api/settings/webhooks", { body: input }).then(
        (r) => r.result,
      ),
    onSettled: refresh,
  });
}

export function useCheckWebhooks() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ results: RoundTripResult[] }>("/api/settings/webhooks/check", { body: {} }).then(
        (r) => r.results,
      ),
    onSettled: refresh,
  });
}

export function useRepointWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ topic, ...input }: RepointWebhookInput & { topic: EventTopic }) =>
      apiFetch<{ ok: true }>(`/api/settings/webhooks/${topic}`, { method: "PATCH", body: input }),
    onSettled: refresh,
  });
}

export function useRemoveWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (topic: EventTopic) =>
      apiFetch<{ ok: true }>(`/api/settings/webhooks/${topic}`, { method: "DELETE" }),
    onSettled: refresh,
  });
}
