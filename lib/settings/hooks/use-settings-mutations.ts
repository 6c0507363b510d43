"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import type { ConnectlySettingsView } from "../get-settings-view";
import { settingsKeys } from "../queries";
import type { TestConnectionInput, UpdateConnectlySettingsInput } from "../schemas";
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
