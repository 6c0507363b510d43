"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import { automationKeys } from "../queries";
import type { AutomationSettings, UpdateAutomationSettingsInput } from "../schemas";

export function useUpdateAutomationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateAutomationSettingsInput) =>
      apiFetch<{ automation: AutomationSettings }>("/api/settings/automation", {
        method: "PATCH",
        body: input,
      }).then((r) => r.automation),
    onSuccess: async (automation) => {
      queryClient.setQueryData(automationKeys.settings(), automation);
      await queryClient.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}
