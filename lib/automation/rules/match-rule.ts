import { matchPatterns } from "./safe-regex";
import type { RuleBody, RuleCondition } from "./schemas";

// Does a customer's message match a rule? Pure: the facts about the message are gathered by the caller (the
// evaluator on the webhook path, or the dry run over past messages), so both decide alike.

export type MessageFacts = {
  text: string | null;
  /** The customer's first message ever. */
  firstMessage: boolean;
  /** The campaign the message replies to (it quotes a campaign send), or null. */
  campaignId: string | null;
  /** Labels on the conversation and on its customer. */
  labelIds: ReadonlySet<string>;
};

export type RuleMatch = { matched: boolean; regexTimedOut: boolean };

const WORD = /[\p{L}\p{N}_]/u;

/** The keyword (a word or phrase) appears in the text as whole words, ignoring case. */
export function containsKeyword(text: string, keyword: string): boolean {
  const haystack = text.toLocaleLowerCase();
  const needle = keyword.trim().toLocaleLowerCase();
  if (!needle) return false;
  for (let from = haystack.indexOf(needle); from !== -1; from = haystack.indexOf(needle, from + 1)) {
    const before = from === 0 ? "" : haystack[from - 1]!;
    const after = haystack[from + needle.length] ?? "";
    const edgeBefore = !WORD.test(needle[0]!) || !before || !WORD.test(before);
    const edgeAfter = !WORD.test(needle[needle.length - 1]!) || !after || !WORD.test(after);
    if (edgeBefore && edgeAfter) return true;
  }
  return false;
}

function conditionHolds(condition: Exclude<RuleCondition, { type: "regex" }>, facts: MessageFacts): boolean {
  switch (condition.type) {
    case "keyword":
      return facts.text !== null && condition.keywords.some((k) => containsKeyword(facts.text!, k));
    case "first_message":
      return facts.firstMessage;
    case "from_campaign":
      return (
        facts.campaignId !== null &&
        (condition.campaignId === null || condition.campaignId === facts.campaignId)
      );
    case "label":
      return facts.labelIds.has(condition.labelId);
  }
}

export function matchRule(rule: Pick<RuleBody, "conditions" | "match">, facts: MessageFacts): RuleMatch {
  const patterns = rule.conditions
    .filter((c): c is Extract<RuleCondition, { type: "regex" }> => c.type === "regex")
    .map((c) => c.pattern);
  const regex =
    facts.text !== null
      ? matchPatterns(patterns, facts.text)
      : { results: patterns.map(() => false), timedOut: false };
  let r = 0;
  const holds = rule.conditions.map((c) =>
    c.type === "regex" ? regex.results[r++]! : conditionHolds(c, facts),
  );
  const matched = rule.match === "any" ? holds.some(Boolean) : holds.every(Boolean);
  return { matched, regexTimedOut: regex.timedOut };
}
