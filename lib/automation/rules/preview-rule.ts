import "server-only";
import { db } from "../../db";
import { matchRule } from "./match-rule";
import { loadMessageFacts } from "./message-facts";
import type { PreviewRuleInput, RuleAction } from "./schemas";

// Dry run: the drafted rule over the latest customer messages, listing the ones it would match and what it would
// do. Reads only; nothing is sent, changed or recorded. Labels are taken as they are now; the cooldown is not
// applied (each match is shown as if the rule were free to fire).

type PreviewMatch = {
  messageId: string;
  conversationId: string;
  contactName: string | null;
  text: string | null;
  at: string;
};
export type RulePreview = {
  evaluated: number;
  matched: PreviewMatch[];
  wouldDo: string[];
  regexTimedOut: number;
};

export async function previewRule(input: PreviewRuleInput): Promise<RulePreview> {
  const rows = await loadMessageFacts({ limit: input.limit });
  const matched: PreviewMatch[] = [];
  let regexTimedOut = 0;
  for (const row of rows) {
    const result = matchRule(input.rule, row.facts);
    if (result.regexTimedOut) regexTimedOut++;
    if (!result.matched) continue;
    matched.push({
      messageId: row.messageId,
      conversationId: row.conversationId,
      contactName: row.contactName,
      text: row.facts.text ? row.facts.text.slice(0, 200) : null,
      at: row.at.toISOString(),
    });
  }
  return {
    evaluated: rows.length,
    matched,
    wouldDo: await describeActions(input.rule.actions),
    regexTimedOut,
  };
}

/** Each action in words, with the names of the users, labels and quick replies it refers to. */
async function describeActions(actions: RuleAction[]): Promise<string[]> {
  const userIds = actions.flatMap((a) =>
    (a.type === "assign" || a.type === "notify") && a.userId ? [a.userId] : [],
  );
  const labelIds = actions.flatMap((a) => (a.type === "label" ? [a.labelId] : []));
  const replyIds = actions.flatMap((a) => (a.type === "reply" ? [a.cannedResponseId] : []));
  const [users, labels, replies] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    db.label.findMany({ where: { id: { in: labelIds } }, select: { id: true, name: true } }),
    db.cannedResponse.findMany({ where: { id: { in: replyIds } }, select: { id: true, title: true } }),
  ]);
  const name = (list: { id: string; name?: string; title?: string }[], id: string) => {
    const found = list.find((x) => x.id === id);
    return found ? (found.name ?? found.title ?? id) : "(deleted)";
  };
  return actions.map((a) => {
    switch (a.type) {
      case "assign":
        return `Assign to ${name(users, a.userId)}`;
      case "label":
        return `Add the label ${name(labels, a.labelId)}`;
      case "set_status":
        return `Set the status to ${a.status.toLowerCase()}`;
      case "reply":
        return `Reply with the quick reply “${name(replies, a.cannedResponseId)}” (in the 24-hour window only)`;
      case "notify":
        return a.userId ? `Notify ${name(users, a.userId)}` : "Notify the assignee";
    }
  });
}
