"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "../../api-client/fetch";
import { sessionMessageKind, type SessionMessage } from "../../connectly/schemas";
import { inboxKeys, type MessagePages } from "../queries";
import type { MessageDto } from "../read-models";

export type SendVariables = { message: SessionMessage; idempotencyKey: string; retryOfId?: string };

/** The text shown for a message in previews and the optimistic bubble. */
function messagePreviewText(message: SessionMessage): string | null {
  return message.text ?? message.attachments?.[0]?.caption ?? null;
}

/**
 * Sends a session message (any kind) with an optimistic bubble. The idempotency key is made by the caller and
 * reused when the same request is retried after a lost response, so it cannot send twice; resending a *failed*
 * message is a new request (new key) that names the failure in `retryOfId`.
 */
export function useSendSessionMessage(conversationId: string) {
  const queryClient = useQueryClient();
  const key = inboxKeys.messages(conversationId);
  return useMutation({
    mutationFn: (vars: SendVariables) =>
      apiFetch<{ message: MessageDto }>("/api/messages/session", {
        body: {
          conversationId,
          idempotencyKey: vars.idempotencyKey,
          message: vars.message,
          ...(vars.retryOfId ? { retryOfId: vars.retryOfId } : {}),
        },
      }),
    onMutate: async (vars) => {
      await queryClient.cancelQueries({ queryKey: key });
      const optimistic: MessageDto = {
        id: `optimistic-${vars.idempotencyKey}`,
        conversationId,
        direction: "OUTBOUND",
        kind: sessionMessageKind(vars.message),
        text: messagePreviewText(vars.message),
        content: vars.message,
        status: "QUEUED",
        error: null,
        templateName: null,
        campaignName: null,
        author: null,
        replyTo: null,
        retryOfId: vars.retryOfId ?? null,
        retriedById: null,
        createdAt: new Date().toISOString(),
        sentAt: null,
        deliveredAt: null,
        readAt: null,
        failedAt: null,
      };
      queryClient.setQueryData<MessagePages>(key, (old) => {
        if (!old?.pages.length)
          return { pages: [{ messages: [optimistic], notes: [], previousCursor: null }], pageParams: [null] };
        const [newest, ...older] = old.pages;
        return { ...old, pages: [{ ...newest!, messages: [...newest!.messages, optimistic] }, ...older] };
      });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
