import vm from "node:vm";

// Rule patterns are typed by admins and run against customer text, so a pattern must not be able to stall the
// webhook process (catastrophic backtracking). Two guards, both here:
// 1. On save (checkRulePattern, check-pattern.ts): at most 200 characters, compiles as a JavaScript regex with the "iu" flags, and no
//    backreference, lookaround or nested unbounded quantifier ("(a+)+", "(a|aa)*", "(.*x){3,}") — the shapes that
//    backtrack exponentially. A clear message names what is refused.
// 2. On every match (matchPatterns): the text is cut to MATCH_TEXT_LIMIT characters and all of a message's patterns
//    run in ONE vm call with a time budget; a pattern that runs out of time counts as no match (and is reported),
//    so even a pattern the static check missed costs at most the budget.

/** Only the start of a long message is matched. */
const MATCH_TEXT_LIMIT = 4096;
/** Time budget for all of one message's patterns. */
const MATCH_BUDGET_MS = 25;

const context = vm.createContext({ patterns: [] as RegExp[], text: "", results: [] as boolean[] });
const script = new vm.Script("results = patterns.map((p) => p.test(text));");

export type MatchOutcome = { results: boolean[]; timedOut: boolean };

/**
 * Tests every pattern against the text (case-insensitive, Unicode) within MATCH_BUDGET_MS in total. When the
 * budget runs out, each pattern is tried again alone with its own budget, so one slow pattern does not hide the
 * others; a pattern that still runs out of time does not match.
 */
export function matchPatterns(patterns: string[], text: string, budgetMs = MATCH_BUDGET_MS): MatchOutcome {
  if (patterns.length === 0) return { results: [], timedOut: false };
  const cut = text.slice(0, MATCH_TEXT_LIMIT);
  const compiled = patterns.map(compile);
  const run = (list: (RegExp | null)[]): boolean[] | null => {
    context.patterns = list.map((p) => p ?? /(?!)/u);
    context.text = cut;
    try {
      script.runInContext(context, { timeout: budgetMs });
      return [...(context.results as boolean[])];
    } catch (error) {
      if ((error as { code?: string }).code === "ERR_SCRIPT_EXECUTION_TIMEOUT") return null;
      throw error;
    }
  };
  const all = run(compiled);
  if (all) return { results: all, timedOut: false };
  return { results: compiled.map((p) => run([p])?.[0] ?? false), timedOut: true };
}

const cache = new Map<string, RegExp | null>();
function compile(pattern: string): RegExp | null {
  let re = cache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "iu");
    } catch {
      re = null;
    }
    if (cache.size > 500) cache.clear();
    cache.set(pattern, re);
  }
  if (re) re.lastIndex = 0;
  return re;
}
