// Template text with its {{n}} variables split out, so the preview can show filled values and mark the
// unfilled ones, and the form can label each input with the words around it.

export type TextSegment =
  { kind: "text"; text: string } | { kind: "variable"; n: number; value: string | null };

const PLACEHOLDER = /\{\{(\d+)\}\}/g;

export function segmentTemplateText(
  text: string,
  valueOf: (n: number) => string | null | undefined,
): TextSegment[] {
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const index = match.index;
    if (index > last) segments.push({ kind: "text", text: text.slice(last, index) });
    const n = Number(match[1]);
    const value = valueOf(n);
    segments.push({ kind: "variable", n, value: value && value.trim() !== "" ? value : null });
    last = index + match[0].length;
  }
  if (last < text.length) segments.push({ kind: "text", text: text.slice(last) });
  return segments;
}

const CONTEXT_CHARS = 28;

/** The words just before and after the first {{n}} in a text, cut at a word boundary, for form labels. */
export function variableContext(text: string, n: number): { before: string; after: string } | null {
  const token = `{{${n}}}`;
  const at = text.indexOf(token);
  if (at < 0) return null;
  let before = text.slice(Math.max(0, at - CONTEXT_CHARS), at);
  let after = text.slice(at + token.length, at + token.length + CONTEXT_CHARS);
  if (at > CONTEXT_CHARS) before = `…${before.replace(/^\S*\s/, "")}`;
  if (at + token.length + CONTEXT_CHARS < text.length) after = `${after.replace(/\s\S*$/, "")}…`;
  return { before: before.replace(/\s+/g, " "), after: after.replace(/\s+/g, " ") };
}
