// Text PostgreSQL (through Prisma) cannot store: the NUL character (INSERT fails with 22021) and lone UTF-16
// surrogates (the query's JSON encoding is refused). Either would surface as a 500. Clients and customers can
// send both: a raw 0x00 byte, or "\u0000" / "\ud800" escapes inside JSON strings.

import { jsonDepthExceeds } from "./json-depth";

function unstorable(text: string): boolean {
  return text.includes("\u0000") || !text.isWellFormed();
}

/** For ids from a page's URL: one the database cannot store cannot name a row (a lookup would fail with a 500). */
export function isStorableText(text: string): boolean {
  return !unstorable(text);
}

/**
 * Path of the first string (key or value) that cannot be stored, e.g. "message.text"; null when all can.
 * Walks with its own stack rather than recursion, so no nesting depth can overflow the call stack.
 */
export function findUnstorableText(value: unknown, path = ""): string | null {
  // `key`: the object key this value sits under, checked when the value is reached (the same order as a recursive walk).
  const stack: { value: unknown; path: string; key?: string }[] = [{ value, path }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value: current, path: at, key } = item;
    if (key !== undefined && unstorable(key)) return at;
    if (typeof current === "string") {
      if (unstorable(current)) return at || "(body)";
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: `${at}[${i}]` });
    } else if (current && typeof current === "object") {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [name, child] = entries[i]!;
        stack.push({ value: child, path: at ? `${at}.${name}` : name, key: name });
      }
    }
  }
  return null;
}

function clean(text: string): string {
  return text.replaceAll("\u0000", "\uFFFD").toWellFormed();
}

function cleanDeep(value: unknown): unknown {
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanDeep(v)]));
  return value;
}

/**
 * A (signature-checked) webhook body made storable, so the event is kept and shown rather than lost to a database
 * error: such characters become U+FFFD. A body that needs nothing is returned byte for byte; a JSON body that does
 * is re-serialised from its cleaned values (whitespace and escapes may then differ from what was sent).
 */
export function storableWebhookText(raw: string): string {
  // Too deep to walk: cleaned as text (then stored INVALID by the parser's own depth check, lib/connectly/webhook.ts).
  if (jsonDepthExceeds(raw)) return unstorable(raw) ? clean(raw) : raw;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/^\uFEFF/, "")); // the parser also tolerates a byte-order mark
  } catch {
    return unstorable(raw) ? clean(raw) : raw;
  }
  return findUnstorableText(parsed) === null && !unstorable(raw) ? raw : JSON.stringify(cleanDeep(parsed));
}
