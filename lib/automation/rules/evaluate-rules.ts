import "server-only";
import { recordAuditEvent } from "../../audit/record-audit-event";
import { db } from "../../db";
import { log } from "../../observability/logger";
import { matchRule } from "./match-rule";
import { loadMessageFacts } from "./message-facts";
import { listRules } from "./read-rules";
import { runRuleActions, type ActionOutcome } from "./run-rule-actions";
import type { RuleDto } from "./schemas";

// On each customer message (after the webhook is answered, from run-inbound-automation.ts): the enabled rules in
// order; each that matches and is not cooling down in this conversation fires its actions; a rule marked
// "stop after" ends the evaluation for the message. Every message on which a rule matched gets ONE audit entry
// listing the rules that fired (and the ones held back by their cooldown) with each action's outcome.
//
// Loop protection, two ways: rules run on customer messages only (runInboundAutomation is called by the inbound
// webhook path and nothing else; no action records a customer message), and a rule fires at most once per
// conversation per cooldownMinutes — claimed by one conditional upsert, so two messages together cannot both fire it.

export type RuleRun = {
  ruleId: string;
  rule: string;
  fired: boolean;
  reason?: "cooldown";
  actions: ActionOutcome[];
};

/** Claims the rule's turn in the conversation: true when it may fire now (and records that it did). */
async function claimRuleFire(
  ruleId: string,
  conversationId: string,
  cooldownMinutes: number,
  now: Date,
): Promise<boolean> {
  const rows = await db.$queryRaw<{ ok: number }[]>`
    INSERT INTO "AutomationRuleFire" ("ruleId", "conversationId", "firedAt") VALUES (${ruleId}, ${conversationId}, ${now})
    ON CONFLICT ("ruleId", "conversationId") DO UPDATE SET "firedAt" = EXCLUDED."firedAt"
      WHERE "AutomationRuleFire"."firedAt" <= EXCLUDED."firedAt" - make_interval(mins => ${cooldownMinutes})
    RETURNING 1 AS ok`;
  return rows.length > 0;
}

export async function evaluateRules(
  input: { conversationId: string; messageId: string; firstMessage: boolean },
  now: Date = new Date(),
  rules?: RuleDto[],
): Promise<RuleRun[]> {
  const list = rules ?? (await listRules({ enabledOnly: true }));
  if (list.length === 0) return [];
  const [row] = await loadMessageFacts({ ids: [input.messageId] });
  if (!row || row.conversationId !== input.conversationId) return [];
  // The webhook path's own answer (the customer had never written before), as the welcome message uses it.
  const facts = { ...row.facts, firstMessage: input.firstMessage };
  const runs: RuleRun[] = [];
  for (const rule of list) {
    if (!rule.enabled) continue;
    const match = matchRule(rule, facts);
    if (match.regexTimedOut)
      log("automation").warn({ ruleId: rule.id }, "rule pattern ran out of time; treated as no match");
    if (!match.matched) continue;
    if (!(await claimRuleFire(rule.id, input.conversationId, rule.cooldownMinutes, now))) {
      runs.push({ ruleId: rule.id, rule: rule.name, fired: false, reason: "cooldown", actions: [] });
      continue;
    }
    let actions: ActionOutcome[];
    try {
      actions = await runRuleActions(rule, input.conversationId, input.messageId);
    } catch (error) {
      // One rule failing (a database hiccup) is recorded and does not stop the others or the audit entry.
      log("automation").error(
        { err: error, ruleId: rule.id, conversationId: input.conversationId },
        "rule actions failed",
      );
      actions = rule.actions.map((a) => ({ type: a.type, result: "skipped", reason: "failed" }));
    }
    runs.push({ ruleId: rule.id, rule: rule.name, fired: true, actions });
    if (rule.stopAfter) break;
  }
  if (runs.length > 0) {
    const contact = await db.conversation.findUnique({
      where: { id: input.conversationId },
      select: { contact: { select: { name: true, phone: true, bsuid: true } } },
    });
    await recordAuditEvent({
      actorId: null,
      actorLabel: "Automation rules",
      action: "automation_rule.ran",
      targetType: "conversation",
      targetId: input.conversationId,
      targetLabel: contact?.contact.name ?? contact?.contact.phone ?? contact?.contact.bsuid ?? null,
      details: {
        messageId: input.messageId,
        runs: runs.map(({ ruleId, rule, fired, reason, actions }) => ({
          ruleId,
          rule,
          fired,
          reason,
          actions,
        })),
      },
      ip: null,
      userAgent: null,
    });
  }
  return runs;
}
