// Decoders that cannot throw. A malformed percent-escape ("%E0%A4%A") or a truncated JSON string in one stored
// record or one pushed event must not take the whole page down with it. Pure (client and server).

/** decodeURIComponent, or the text as it is when it is not valid percent-encoding. */
export function safeDecodeURIComponent(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** JSON.parse, or undefined when the text is not JSON. */
export function parseJsonOrUndefined(text: string | null | undefined): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
