"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { inboxKeys } from "../queries";
import type { CannedResponseDto } from "../read-models";
import type { CannedResponseInput } from "../schemas";

export function useCannedResponseMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: inboxKeys.cannedResponses() });
  const save = useMutation({
    mutationFn: ({ id, input }: { id: string | null; input: CannedResponseInput }) =>
      apiFetch<{ cannedResponse: CannedResponseDto }>(
        id ? `/api/canned-responses/${id}` : "/api/canned-responses",
        {
          method: id ? "PUT" : "POST",
          body: input,
        },
      ),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/canned-responses/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  return { save, remove };
}

export { fillCannedResponse } from "../fill-canned-response";
