"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { templateKeys } from "../queries";
import type { TemplateDto } from "../read-models";
import type { CreateTemplateInput } from "../schemas";

export function useCreateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateTemplateInput) =>
      apiFetch<{ template: TemplateDto }>("/api/templates", { body: input }).then((r) => r.template),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}
