import "server-only";
import { can } from "../../auth/roles";
import { db } from "../../db";
import { notifyInbox } from "../../messaging/notify-inbox";
import { notifyUsers } from "../../notifications/notify-users";
import { fillCannedResponse } from "../../messaging/fill-canned-response";
import { requestCsat } from "../request-csat";
import { runInBackground, sendAutomatedMessage } from "../send-automated-message";
import type { RuleAction, RuleDto } from "./schemas";

// A rule's actions on one conversation. Assignment, labels, status and notifications change the conversation in
// ONE transaction (activity lines in the thread, live events, notifications), written with no author: the rule is
// named in the text. The reply goes after the commit through the one automated-send path (chooseAutomatedSend:
// session text while the customer's window is open; a quick reply has no template, so nothing outside it).
// Nothing here records a customer message, so a rule's actions cannot trigger rules.

export type ActionOutcome = {
  type: RuleAction["type"];
  result: "done" | "unchanged" | "skipped";
  reason?: string;
};

export async function runRuleActions(
  rule: Pick<RuleDto, "id" | "name" | "actions">,
  conversationId: string,
  messageId: string,
): Promise<ActionOutcome[]> {
  const actor = `Rule “${rule.name}”`;
  const outcomes: ActionOutcome[] = [];
  let resolved = false;
  await db.$transaction(async (tx) => {
    const conversation = await tx.conversation.findUnique({
      where: { id: conversationId },
      select: { assigneeId: true, status: true },
    });
    if (!conversation) return;
    let assigneeId = conversation.assigneeId;
    for (const action of rule.actions) {
      switch (action.type) {
        case "assign": {
          const user = await tx.user.findUnique({
            where: { id: action.userId },
            select: { id: true, name: true, role: true, active: true },
          });
          if (!user?.active || !can(user.role, "inbox:reply")) {
            outcomes.push({ type: "assign", result: "skipped", reason: "user inactive or cannot reply" });
            break;
          }
          if (assigneeId === user.id) {
            outcomes.push({ type: "assign", result: "unchanged" });
            break;
          }
          await tx.conversation.update({
            where: { id: conversationId },
            data: { assigneeId: user.id },
            select: { id: true },
          });
          assigneeId = user.id;
          await tx.conversationNote.create({
            data: {
              conversationId,
              kind: "ACTIVITY",
              body: `${actor} assigned this conversation to ${user.name}`,
            },
            select: { id: true },
          });
          await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "assignee" });
          await notifyUsers(tx, {
            recipientIds: [user.id],
            kind: "ASSIGNED",
            conversationId,
            actorName: actor,
            body: `${actor} assigned you a conversation`,
          });
          outcomes.push({ type: "assign", result: "done" });
          break;
        }
        case "label": {
          const exists = await tx.label.findUnique({ where: { id: action.labelId }, select: { id: true } });
          if (!exists) {
            outcomes.push({ type: "label", result: "skipped", reason: "label deleted" });
            break;
          }
          const added = await tx.conversationLabel.createMany({
            data: [{ conversationId, labelId: action.labelId }],
            skipDuplicates: true,
          });
          if (added.count > 0)
            await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "labels" });
          outcomes.push({ type: "label", result: added.count > 0 ? "done" : "unchanged" });
          break;
        }
        case "set_status": {
          const current = await tx.conversation.findUnique({
            where: { id: conversationId },
            select: { status: true },
          });
          if (current?.status === action.status) {
            outcomes.push({ type: "set_status", result: "unchanged" });
            break;
          }
          await tx.conversation.update({
            where: { id: conversationId },
            data: { status: action.status },
            select: { id: true },
          });
          const verb =
            action.status === "OPEN"
              ? "reopened this conversation"
              : action.status === "PENDING"
                ? "marked this conversation pending"
                : "resolved this conversation";
          await tx.conversationNote.create({
            data: { conversationId, kind: "ACTIVITY", body: `${actor} ${verb}` },
            select: { id: true },
          });
          await notifyInbox(tx, { type: "conversation.updated", conversationId, change: "status" });
          resolved = action.status === "RESOLVED";
          outcomes.push({ type: "set_status", result: "done" });
          break;
        }
        case "notify": {
          const target = action.userId ?? assigneeId;
          const user = target
            ? await tx.user.findUnique({ where: { id: target }, select: { id: true, active: true } })
            : null;
          if (!user?.active) {
            outcomes.push({
              type: "notify",
              result: "skipped",
              reason: action.userId ? "user inactive" : "no assignee",
            });
            break;
          }
          await notifyUsers(tx, {
            recipientIds: [user.id],
            kind: "RULE",
            conversationId,
            actorName: actor,
            body: `${actor} matched a customer message`,
          });
          outcomes.push({ type: "notify", result: "done" });
          break;
        }
        case "reply":
          break; // after the commit, below
      }
    }
  });
  if (resolved) runInBackground("csat", () => requestCsat(conversationId));
  const reply = rule.actions.find((a) => a.type === "reply");
  if (reply) {
    const canned = await db.cannedResponse.findUnique({
      where: { id: reply.cannedResponseId },
      select: { body: true },
    });
    if (!canned) {
      outcomes.push({ type: "reply", result: "skipped", reason: "quick reply deleted" });
    } else {
      const contact = await db.conversation.findUnique({
        where: { id: conversationId },
        select: { contact: { select: { name: true } } },
      });
      const sent = await sendAutomatedMessage({
        conversationId,
        purpose: "rule",
        config: {
          enabled: true,
          text: fillCannedResponse(canned.body, contact?.contact.name ?? null),
          template: null,
        },
        // Once per rule and message, whatever retries happen.
        idempotencyKey: `automation:rule:${rule.id}:${messageId}`,
      });
      const kind = sent?.decision.kind;
      outcomes.push(
        kind === "session" || kind === "template"
          ? { type: "reply", result: "done" }
          : {
              type: "reply",
              result: "skipped",
              reason: sent ? (sent.decision.kind === "skip" ? sent.decision.reason : "") : "send refused",
            },
      );
    }
  }
  return outcomes;
}
