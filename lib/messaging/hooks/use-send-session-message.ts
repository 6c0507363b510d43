"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import type { SessionMessage } from "../../connectly/schemas";
import { inboxKeys } from "../queries";
import type { MessageDto } from "../read-models";

type MessagePage = { messages: MessageDto[]; previousCursor: string | null };
export type SendVariables = { message: SessionMessage; idempotencyKey: string };

/**
 * Sends a session message with an optimistic bubble. The idempotency key is made by the caller and reused on
 * retry, so a retried request after a lost response cannot send twice.
 */
export function useSendSessionMessage(conversationId: string) {
  const queryClient = useQueryClient();
  const key = inboxKeys.messages(conversationId);
  return useMutation({
    mutationFn: (vars: SendVariables) =>
      apiFetch<{ message: MessageDto }>("/api/messages/session", {
        body: { conversationId, idempotencyKey: vars.idempotencyKey, message: vars.message },
      }),
    onMutate: async (vars) => {
      await queryClient.cancelQueries({ queryKey: key });
      const optimistic: MessageDto = {
        id: `optimistic-${vars.idempotencyKey}`,
        conversationId,
        direction: "OUTBOUND",
        kind: "text",
        text: vars.message.text ?? null,
        content: vars.message,
        status: "QUEUED",
        error: null,
        templateName: null,
        author: null,
        createdAt: new Date().toISOString(),
        sentAt: null,
        deliveredAt: null,
        readAt: null,
        failedAt: null,
      };
      queryClient.setQueryData<MessagePage>(key, (old) =>
        old ? { ...old, messages: [...old.messages, optimistic] } : { messages: [optimistic], previousCursor: null },
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
