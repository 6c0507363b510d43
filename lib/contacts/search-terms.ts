// What a contacts search box query means. Phones are stored in E.164 (+447700900101) and people type them any way:
// "+44 7700 900101", "07700 900101" (national, with the trunk 0), "447700900101", "(604) 585-2331". The digits
// without leading zeros (the trunk prefix, or 00 of an international prefix) are a substring of the E.164 form in
// each case, so one trigram-indexed LIKE finds them without knowing the country. A query that is only digits and
// phone punctuation is a phone search; anything else searches the name, the BSUID and the custom field values.

export type SearchTerms = { text: string; phoneDigits: string | null };

const PHONE_LIKE = /^[+\d\s().\-/]+$/;

export function contactSearchTerms(q: string): SearchTerms {
  const text = q.trim();
  if (!PHONE_LIKE.test(text)) return { text, phoneDigits: null };
  const digits = text.replace(/\D/g, "").replace(/^0+/, "");
  return { text, phoneDigits: digits.length >= 3 ? digits : null };
}
