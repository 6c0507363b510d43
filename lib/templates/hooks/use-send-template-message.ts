"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import type { TemplateParameter } from "../../connectly/schemas";
import { inboxKeys } from "../../messaging/queries";
import type { MessageDto } from "../../messaging/read-models";

export type TemplateRecipient = { conversationId: string } | { to: string };
export type SendTemplateVariables = {
  recipient: TemplateRecipient;
  templateName: string;
  language: string;
  parameters: TemplateParameter[];
  /** Made by the caller once per attempt and reused on retry, so a lost response cannot send twice. */
  idempotencyKey: string;
};

export function useSendTemplateMessage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ recipient, ...rest }: SendTemplateVariables) =>
      apiFetch<{ message: MessageDto }>("/api/messages/template", { body: { ...recipient, ...rest } }).then(
        (r) => r.message,
      ),
    onSuccess: (message) => {
      void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(message.conversationId) });
      void queryClient.invalidateQueries({ queryKey: inboxKeys.conversationLists() });
    },
  });
}
