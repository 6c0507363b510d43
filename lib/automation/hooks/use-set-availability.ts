"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { automationKeys } from "../queries";

/** Sets the signed-in agent's Available/Away switch; the answer replaces the cached state. */
export function useSetAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (available: boolean) =>
      apiFetch<{ available: boolean }>("/api/account/availability", { method: "PATCH", body: { available } }),
    onSuccess: (next) =>
      queryClient.setQueryData(automationKeys.availability(), { available: next.available }),
  });
}
