"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { templateKeys } from "../queries";
import type { SyncOutcome } from "../sync-templates";

/** "Sync now": reads the library from Connectly, then refreshes every template query. */
export function useSyncTemplates() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ result: SyncOutcome }>("/api/templates/sync", { method: "POST" }).then((r) => r.result),
    onSettled: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}
