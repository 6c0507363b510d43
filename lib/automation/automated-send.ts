import type { SessionMessage } from "../connectly/schemas";
import { windowState } from "../messaging/window";
import { chooseAutomatedSend, type AutomatedSend } from "./choose-automated-send";
import type { AutomatedMessageConfig, TemplateRef } from "./schemas";

// Carries out chooseAutomatedSend's decision through the existing send services (injected, so the property test
// can drive the real decision path with a fake clock and fake senders). The window is read at the moment of the
// send, not when the automation was triggered.

export type AutomationPurpose = "welcome" | "away" | "csat" | "rule";

export type AutomatedSendDeps = {
  now: () => Date;
  /** The conversation's last customer message (the window's start), or null when it has none. */
  lastInboundAt: (conversationId: string) => Promise<Date | null>;
  sendSession: (input: {
    conversationId: string;
    idempotencyKey: string;
    message: SessionMessage;
  }) => Promise<{ id: string }>;
  sendTemplate: (input: {
    conversationId: string;
    idempotencyKey: string;
    template: TemplateRef;
  }) => Promise<{ id: string }>;
};

export type AutomatedSendOutcome = { decision: AutomatedSend; messageId: string | null };

export async function runAutomatedSend(
  deps: AutomatedSendDeps,
  request: {
    conversationId: string;
    purpose: AutomationPurpose;
    config: AutomatedMessageConfig;
    /** Unique per conversation and occasion: a repeated trigger returns the first message instead of sending again. */
    idempotencyKey: string;
    /** Turns the configured text into the session message (CSAT: a list of scores). */
    sessionMessage?: (text: string) => SessionMessage;
    /** Called with the decision just before a send (not for a skip): CSAT records its survey here. */
    beforeSend?: (decision: Exclude<AutomatedSend, { kind: "skip" }>) => Promise<void>;
  },
): Promise<AutomatedSendOutcome> {
  const lastInboundAt = await deps.lastInboundAt(request.conversationId);
  const decision = chooseAutomatedSend(windowState(lastInboundAt, deps.now()), request.config);
  if (decision.kind === "skip") return { decision, messageId: null };
  await request.beforeSend?.(decision);
  if (decision.kind === "session") {
    const message = request.sessionMessage ? request.sessionMessage(decision.text) : { text: decision.text };
    const sent = await deps.sendSession({
      conversationId: request.conversationId,
      idempotencyKey: request.idempotencyKey,
      message,
    });
    return { decision, messageId: sent.id };
  }
  const sent = await deps.sendTemplate({
    conversationId: request.conversationId,
    idempotencyKey: request.idempotencyKey,
    template: decision.template,
  });
  return { decision, messageId: sent.id };
}
