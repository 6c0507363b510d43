// The save-time guard on rule patterns (see safe-regex.ts for both guards): pure, so the rule form checks a
// pattern in the browser with the same schema the route handler parses.

const PATTERN_MAX_LENGTH = 200;
export type PatternCheck = { ok: true } | { ok: false; message: string };

export function checkRulePattern(pattern: string): PatternCheck {
  if (pattern.length === 0) return { ok: false, message: "is required" };
  if (pattern.length > PATTERN_MAX_LENGTH)
    return { ok: false, message: `at most ${PATTERN_MAX_LENGTH} characters` };
  try {
    new RegExp(pattern, "iu");
  } catch (error) {
    return {
      ok: false,
      message: `is not a valid regular expression (${error instanceof Error ? error.message.replace(/^Invalid regular expression: /, "") : "syntax"})`,
    };
  }
  const shape = unsafeShape(pattern);
  return shape ? { ok: false, message: shape } : { ok: true };
}

type Group = { quantified: boolean; alternation: boolean };

/** A reason the pattern may backtrack catastrophically, or null. A conservative scan of the pattern's structure. */
function unsafeShape(pattern: string): string | null {
  const stack: Group[] = [{ quantified: false, alternation: false }];
  // What the last atom was: a group that contained an unbounded quantifier or an alternation.
  let lastGroup: Group | null = null;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k") return "cannot use backreferences";
      i++;
      lastGroup = null;
      continue;
    }
    if (ch === "[") {
      // Skip the character class (escapes inside included).
      i++;
      while (i < pattern.length && pattern[i] !== "]") {
        if (pattern[i] === "\\") i++;
        i++;
      }
      lastGroup = null;
      continue;
    }
    if (ch === "(") {
      if (
        pattern.startsWith("(?=", i) ||
        pattern.startsWith("(?!", i) ||
        pattern.startsWith("(?<=", i) ||
        pattern.startsWith("(?<!", i)
      ) {
        return "cannot use lookahead or lookbehind";
      }
      stack.push({ quantified: false, alternation: false });
      lastGroup = null;
      continue;
    }
    if (ch === ")") {
      const closed = stack.length > 1 ? stack.pop()! : null;
      lastGroup = closed;
      // What a group holds, its parent holds too.
      if (closed) {
        const parent = stack[stack.length - 1]!;
        parent.quantified ||= closed.quantified;
      }
      continue;
    }
    if (ch === "|") {
      stack[stack.length - 1]!.alternation = true;
      lastGroup = null;
      continue;
    }
    const unbounded =
      ch === "*" ||
      ch === "+" ||
      (ch === "{" && /^\{\d+,\}/.test(pattern.slice(i))) ||
      (ch === "{" && /^\{\d+,\d+\}/.test(pattern.slice(i)) && bigRepeat(pattern.slice(i)));
    const bounded = ch === "?" || ch === "{";
    if (unbounded || bounded) {
      if (lastGroup && (unbounded || ch === "{") && (lastGroup.quantified || lastGroup.alternation)) {
        return "cannot repeat a group that itself repeats or has alternatives, such as (a+)+ or (a|b)*";
      }
      if (unbounded) stack[stack.length - 1]!.quantified = true;
      if (ch === "{") i = pattern.indexOf("}", i);
      lastGroup = null;
      continue;
    }
    lastGroup = null;
  }
  return null;
}

function bigRepeat(rest: string): boolean {
  const m = /^\{(\d+),(\d+)\}/.exec(rest);
  return m ? Number(m[2]) > 10 : false;
}
