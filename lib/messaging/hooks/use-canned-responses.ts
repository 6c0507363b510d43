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
      apiFetch<{ cannedResponse: CannedResponseDto }>(id ? `/api/canned-responses/${id}` : "/api/canned-responses", {
        method: id ? "PUT" : "POST",
        body: input,
      }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/canned-responses/${id}`, { method: "DELETE" }),
    onSuccess: refresh,
  });
  return { save, remove };
}

/** `{{name}}` in a quick reply becomes the customer's first name (or nothing when we do not know it). */
export function fillCannedResponse(body: string, contactName: string | null): string {
  const first = contactName?.trim().split(/\s+/)[0] ?? "";
  // Without a name, "Hi {{name}}," reads "Hi," rather than "Hi ,".
  return first ? body.replace(/\{\{\s*name\s*\}\}/gi, first) : body.replace(/ ?\{\{\s*name\s*\}\}/gi, "");
}
