import "server-only";
import { AppError } from "../app-error";
import { connectlyForBudgetedSends } from "../connectly/config";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { buildSessionSendBody } from "../connectly/payloads";
import { sessionMessageKind } from "../connectly/schemas";
import { db } from "../db";
import { sendWithinBudget } from "../send-budget/send-within-budget";
import { getConnectlySettings } from "../settings/get-connectly-settings";
import { dispatchOutbound } from "./dispatch-outbound";
import type { SendSessionMessageInput } from "./schemas";
import { windowState } from "./window";

/**
 * A free-form reply. The 24-hour window is checked here, before anything is recorded or sent: outside it
 * the agent gets a clear error pointing to templates, and upstream is never called.
 */
export async function sendSessionMessage(input: SendSessionMessageInput, authorId: string | null) {
  const conversation = await db.conversation.findUnique({
    where: { id: input.conversationId },
    select: { id: true, lastInboundAt: true, contact: { select: { phone: true, bsuid: true } } },
  });
  if (!conversation) throw new AppError("NOT_FOUND", "This conversation does not exist.");
  const window = windowState(conversation.lastInboundAt);
  if (!window.open) {
    throw new AppError(
      "WINDOW_CLOSED",
      conversation.lastInboundAt
        ? `The 24-hour reply window closed at ${window.expiresAt?.toISOString()}. Send an approved template instead; the window reopens when the customer writes again.`
        : "This customer has not written to you yet, so only an approved template can start the conversation.",
      { windowClosedAt: window.expiresAt?.toISOString() ?? null },
    );
  }
  if (input.retryOfId) await assertRetryable(input.retryOfId, conversation.id);
  const sender = (await getConnectlySettings()).defaultSender ?? null;
  const body = buildSessionSendBody({
    contact: conversation.contact,
    message: input.message,
    sender,
    callbackData: input.callbackData,
    campaignName: input.campaignName,
  });
  return dispatchOutbound(
    {
      conversationId: conversation.id,
      kind: sessionMessageKind(input.message),
      text: input.message.text ?? input.message.attachments?.[0]?.caption ?? null,
      content: input.message,
      idempotencyKey: input.idempotencyKey,
      authorId,
      campaignName: input.campaignName,
      callbackData: input.callbackData,
      retryOfId: input.retryOfId,
    },
    () => sendWithinBudget("session", sender, () => connectlyForBudgetedSends().sendSessionMessage(body)),
  );
}

/** Only a failed outbound message of this conversation whose failure the catalogue calls retryable. */
async function assertRetryable(retryOfId: string, conversationId: string) {
  const original = await db.message.findFirst({
    where: { id: retryOfId, conversationId, direction: "OUTBOUND" },
    select: { status: true, errorCode: true },
  });
  const fail = (message: string) =>
    new AppError("VALIDATION_FAILED", `Invalid request body: retryOfId: ${message}`, {
      issues: [{ path: "retryOfId", message }],
    });
  if (!original) throw fail("not an outbound message of this conversation");
  if (original.status !== "FAILED") throw fail("only a failed message can be retried");
  if (original.errorCode && !explainUpstreamError({ code: original.errorCode }).retryable) {
    throw fail("this failure will not go away by sending again; see the reason on the message");
  }
}
