"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { auditKeys } from "../../audit/queries";
import { reportKeys } from "../queries";
import type { SlaTargets } from "../schemas";

export function useUpdateSlaTargets() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SlaTargets) =>
      apiFetch<{ targets: SlaTargets }>("/api/reports/sla", { method: "PUT", body: input }).then(
        (r) => r.targets,
      ),
    onSuccess: async (targets) => {
      queryClient.setQueryData(reportKeys.sla(), targets);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: reportKeys.all }),
        queryClient.invalidateQueries({ queryKey: auditKeys.all }),
      ]);
    },
  });
}
