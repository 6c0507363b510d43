"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../../api-client/fetch";
import { auditKeys } from "../../../audit/queries";
import type { RulePreview } from "../preview-rule";
import { ruleKeys } from "../queries";
import type { RuleBodyInput, RuleDto } from "../schemas";

export function useRuleMutations() {
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ruleKeys.all });
    await queryClient.invalidateQueries({ queryKey: auditKeys.all });
  };
  const save = useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Partial<RuleBodyInput> }) =>
      apiFetch<{ rule: RuleDto }>(
        id ? `/api/settings/automation/rules/${id}` : "/api/settings/automation/rules",
        {
          method: id ? "PATCH" : "POST",
          body,
        },
      ).then((r) => r.rule),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/settings/automation/rules/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  const reorder = useMutation({
    mutationFn: (ids: string[]) =>
      apiFetch<{ rules: RuleDto[] }>("/api/settings/automation/rules/order", {
        method: "PUT",
        body: { ids },
      }).then((r) => r.rules),
    onSuccess: async (rules) => {
      queryClient.setQueryData(ruleKeys.list(), rules);
      await queryClient.invalidateQueries({ queryKey: auditKeys.all });
    },
  });
  const preview = useMutation({
    mutationFn: (rule: RuleBodyInput) =>
      apiFetch<{ preview: RulePreview }>("/api/settings/automation/rules/preview", {
        method: "POST",
        body: { rule, limit: 100 },
      }).then((r) => r.preview),
  });
  return { save, remove, reorder, preview };
}
