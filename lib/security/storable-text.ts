// Text PostgreSQL (through Prisma) cannot store: the NUL character (INSERT fails with 22021) and lone UTF-16
// surrogates (the query's JSON encoding is refused). Either would surface as a 500. Clients and customers can
// send both: a raw 0x00 byte, or "\u0000" / "\ud800" escapes inside JSON strings.

function unstorable(text: string): boolean {
  return text.includes("\u0000") || !text.isWellFormed();
}

/** Path of the first string (key or value) that cannot be stored, e.g. "message.text"; null when all can. */
export function findUnstorableText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return unstorable(value) ? path || "(body)" : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (unstorable(key)) return childPath;
      const found = findUnstorableText(child, childPath);
      if (found) return found;
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.replace(/^\uFEFF/, "")); // the parser also tolerates a byte-order mark
  } catch {
    return unstorable(raw) ? clean(raw) : raw;
  }
  return findUnstorableText(parsed) === null && !unstorable(raw) ? raw : JSON.stringify(cleanDeep(parsed));
}
