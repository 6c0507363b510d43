// `@Full Name` mentions in a note, matched against the people who can be mentioned (case-insensitive, the name
// must end at a word boundary). Names can contain spaces, so free text is not parsed into names: each known name is
// looked for, longest first, so "@Ana Maria" is not also read as "@Ana". Pure: used by the note service and tests.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function findMentions<U extends { id: string; name: string }>(
  body: string,
  people: readonly U[],
): U[] {
  let rest = body;
  const found: U[] = [];
  const byLength = [...people]
    .filter((p) => p.name.trim() !== "")
    .sort((a, b) => b.name.length - a.name.length);
  for (const person of byLength) {
    const pattern = new RegExp(
      `(^|[^\\p{L}\\p{N}_@])@${escape(person.name.trim())}(?![\\p{L}\\p{N}_])`,
      "giu",
    );
    if (!pattern.test(rest)) continue;
    found.push(person);
    // Blank the matched mentions out, so a shorter name that is a prefix of this one does not match them again.
    rest = rest.replace(pattern, (_m, lead: string) => `${lead} `);
  }
  return found;
}
