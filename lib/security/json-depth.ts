// How deeply JSON text nests, measured on the text itself in one pass, before it is parsed: deeply nested input
// (60,000 "[" in a 120 KB body) would otherwise overflow the stack of every recursive walk after JSON.parse
// (validation, zod, JSON.stringify), a 500 for something any client can send. Real bodies nest a few levels.

/** Objects and arrays nested inside each other at most this deep, in every JSON body the app accepts. */
const MAX_JSON_DEPTH = 64;

/** True when `text` opens more than `limit` arrays or objects inside each other (strings and escapes skipped). */
export function jsonDepthExceeds(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

export function nestingMessage(limit = MAX_JSON_DEPTH): string {
  return `is nested deeper than ${limit} levels of objects and arrays`;
}
