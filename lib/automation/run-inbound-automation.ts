import "server-only";
import { autoAssignConversation } from "./auto-assign";
import { fillNextOpening } from "./away-text";
import { closedPeriodKey, isOpenAt } from "./business-hours";
import { getAutomationSettings } from "./get-automation-settings";
import { evaluateRules } from "./rules/evaluate-rules";
import { log } from "../observability/logger";
import { sendAutomatedMessage } from "./send-automated-message";

export type InboundTrigger = {
  conversationId: string;
  /** The customer's message just stored (the rules match it). */
  messageId?: string;
  /** The customer had never written before this message. */
  firstMessage: boolean;
  /** A reaction or a survey answer: nothing to greet or to answer. */
  quiet: boolean;
};

/**
 * After a customer's message: the welcome message on their first message, the away message when it arrives
 * outside business hours (once per conversation per closed period: the idempotency key names the period by the
 * instant it next opens). Both go through chooseAutomatedSend (session text in the window the message just
 * opened, else the template, else nothing). First the automation rules (rules/evaluate-rules.ts), so a rule's
 * assignment wins; then an unassigned conversation goes to an available agent (auto-assign.ts) when
 * auto-assignment is on.
 */
export async function runInboundAutomation(trigger: InboundTrigger, now: Date = new Date()): Promise<void> {
  if (trigger.quiet) return;
  if (trigger.messageId) {
    // A failing rule must not cost the customer the welcome or away message.
    await evaluateRules(
      {
        conversationId: trigger.conversationId,
        messageId: trigger.messageId,
        firstMessage: trigger.firstMessage,
      },
      now,
    ).catch((error: unknown) =>
      log("automation").error(
        { err: error, conversationId: trigger.conversationId },
        "automation rules failed",
      ),
    );
  }
  const settings = await getAutomationSettings();
  if (settings.assignment.mode !== "off")
    await autoAssignConversation(trigger.conversationId, settings.assignment);
  if (trigger.firstMessage && settings.welcome.enabled) {
    await sendAutomatedMessage({
      conversationId: trigger.conversationId,
      purpose: "welcome",
      config: settings.welcome,
      idempotencyKey: `automation:welcome:${trigger.conversationId}`,
    });
  }
  const hours = settings.businessHours;
  if (settings.away.enabled && !isOpenAt(hours, now)) {
    const period = closedPeriodKey(hours, now) ?? "open";
    await sendAutomatedMessage({
      conversationId: trigger.conversationId,
      purpose: "away",
      config: {
        ...settings.away,
        text: settings.away.text ? fillNextOpening(settings.away.text, hours, now) : null,
      },
      idempotencyKey: `automation:away:${trigger.conversationId}:${period}`,
    });
  }
}
