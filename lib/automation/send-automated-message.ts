import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { log } from "../observability/logger";
import { sendSessionMessage } from "../messaging/send-session-message";
import { sendTemplateMessage } from "../messaging/send-template-message";
import { runAutomatedSend, type AutomatedSendDeps, type AutomatedSendOutcome } from "./automated-send";

// The automated sends wired to the real send services: the same window check, the same send budget, the same
// outbound lifecycle (QUEUED first, idempotency key, failures explained) as an agent's reply. Automated messages
// have no author; their idempotency key starts with "automation:".

const automatedSendDeps: AutomatedSendDeps = {
  now: () => new Date(),
  lastInboundAt: async (conversationId) =>
    (await db.conversation.findUnique({ where: { id: conversationId }, select: { lastInboundAt: true } }))
      ?.lastInboundAt ?? null,
  sendSession: ({ conversationId, idempotencyKey, message }) =>
    sendSessionMessage({ conversationId, idempotencyKey, message }, null),
  sendTemplate: ({ conversationId, idempotencyKey, template }) =>
    sendTemplateMessage(
      {
        conversationId,
        idempotencyKey,
        templateName: template.name,
        language: template.language,
        parameters: [],
      },
      null,
    ),
};

/** runAutomatedSend with the real services; an upstream refusal is logged (the message shows as failed in the thread). */
export async function sendAutomatedMessage(
  request: Parameters<typeof runAutomatedSend>[1],
  deps: AutomatedSendDeps = automatedSendDeps,
): Promise<AutomatedSendOutcome | null> {
  try {
    const outcome = await runAutomatedSend(deps, request);
    log("automation").info(
      { conversationId: request.conversationId, purpose: request.purpose, decision: outcome.decision.kind },
      "automated message",
    );
    return outcome;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    log("automation").warn(
      {
        conversationId: request.conversationId,
        purpose: request.purpose,
        code: error.code,
        err: error.message,
      },
      "automated message not sent",
    );
    return null;
  }
}

// Automations run after the webhook (or the agent's request) has been answered: they call Connectly, and the
// customer's message or the resolve must never wait on them or fail because of them.
const pending = new Set<Promise<void>>();

export function runInBackground(what: string, task: () => Promise<unknown>): void {
  const promise: Promise<void> = task()
    .then(() => undefined)
    .catch((error: unknown) => log("automation").error({ err: error, what }, "automation failed"))
    .finally(() => pending.delete(promise));
  pending.add(promise);
}

/** Resolves when every automation started so far (and any they started) has finished. For tests and shutdown. */
export async function settleAutomations(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
