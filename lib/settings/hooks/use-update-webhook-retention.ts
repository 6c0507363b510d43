"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import type { WebhookRetention } from "../../webhooks/retention";
import { settingsKeys } from "../queries";
import type { UpdateWebhookRetentionInput } from "../schemas";

export function useUpdateWebhookRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UpdateWebhookRetentionInput) =>
      apiFetch<{ retention: WebhookRetention }>("/api/settings/retention", {
        method: "PATCH",
        body: input,
      }).then((r) => r.retention),
    onSuccess: async (retention) => {
      queryClient.setQueryData(settingsKeys.retention(), retention);
      await queryClient.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
}
