import { parsePhoneNumberFromString } from "libphonenumber-js/max";

/** "+447700900101" -> "07700 900101", the way the number is written in its own country; null when unparseable. */
export function nationalFormat(phone: string | null): string | null {
  if (!phone) return null;
  const parsed = parsePhoneNumberFromString(phone);
  return parsed ? parsed.formatNational() : null;
}
