"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import type { ConnectlySettingsView } from "../get-settings-view";
import { settingsKeys } from "../queries";
import type { SecuritySettingsView } from "../get-security-settings";
import type {
  TestConnectionInput,
  UpdateConnectlySettingsInput,
  UpdateSecuritySettingsInput,
} from "../schemas";
import type { ConnectionTestResult } from "../test-connectly-connection";

export function useUpdateConnectlySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateConnectlySettingsInput) =>
      apiFetch<{ settings: ConnectlySettingsView }>("/api/settings", { method: "PATCH", body: input }).then(
        (r) => r.settings,
      ),
    onSuccess: async (settings) => {
      queryClient.setQueryData(settingsKeys.connectly(), settings);
      await queryClient.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}

export function useTestConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TestConnectionInput) =>
      apiFetch<{ result: ConnectionTestResult }>("/api/settings/test", { body: input }).then((r) => r.result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: auditKeys.all }),
  });
}

export function useUpdateSecuritySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateSecuritySettingsInput) =>
      apiFetch<{ security: SecuritySettingsView }>("/api/settings/security", {
        method: "PATCH",
        body: input,
      }).then((r) => r.security),
    onSuccess: async (security) => {
      queryClient.setQueryData(settingsKeys.security(), security);
      await queryClient.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}
