import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js/max";

// Recipient numbers from a spreadsheet: whatever people type, normalised to E.164 with the full metadata
// ("max": it knows which ranges are really assigned, so 07700 900123, a TV-drama number, is rejected), or a
// BSUID (contract §6), sent as `bsuid:<BSUID>`.

export type ResolvedAddress = {
  address: string;
  phone: string | null;
  bsuid: string | null;
  country: string | null;
};

/**
 * A failed row can still be sent to when the user says so: `unverified` is a number of possible length for its
 * country that the metadata calls unassigned (new ranges reach the metadata late); `phone` is the E.164 form to
 * look up among existing contacts (a number that wrote to us works, whatever the library thinks).
 */
export type AddressResult =
  | { ok: true; value: ResolvedAddress }
  | { ok: false; detail: string; phone: string | null; unverified: ResolvedAddress | null };

const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

function isCountryCode(value: string): value is CountryCode {
  return (getCountries() as string[]).includes(value);
}

export function resolveAddress(raw: string | undefined, defaultCountry: string | null): AddressResult {
  const value = (raw ?? "").trim();
  if (value === "") return { ok: false, detail: "no phone number or BSUID", phone: null, unverified: null };
  const bsuid = value.replace(/^bsuid:/i, "");
  if (BSUID.test(bsuid)) {
    return { ok: true, value: { address: `bsuid:${bsuid}`, phone: null, bsuid, country: bsuid.slice(0, 2) } };
  }
  if (/[a-z]/i.test(value.replace(/\s*(ext\.?|x)\s*\d+$/i, ""))) {
    return {
      ok: false,
      detail: `"${value}" is neither a phone number nor a BSUID`,
      phone: null,
      unverified: null,
    };
  }
  const country = defaultCountry && isCountryCode(defaultCountry) ? defaultCountry : undefined;
  const parsed = parsePhoneNumberFromString(value, country);
  if (!parsed) {
    return {
      ok: false,
      detail: country
        ? `"${value}" is not a phone number`
        : `"${value}" is not a phone number in international format (+ and country code); or pick a default country`,
      phone: internationalDigits(value),
      unverified: null,
    };
  }
  if (!parsed.isValid()) {
    // An unassigned number has no country of its own: the first that its calling code and length fit.
    const country = parsed.country ?? parsed.getPossibleCountries()[0] ?? null;
    const where = country ?? `+${parsed.countryCallingCode}`;
    const possible = parsed.isPossible();
    return {
      ok: false,
      detail: possible
        ? `"${value}" has the length of a ${where} number but is not in a range known to be assigned: include it if you know it works`
        : `"${value}" is not a valid ${where} number`,
      phone: parsed.number,
      unverified: possible ? { address: parsed.number, phone: parsed.number, bsuid: null, country } : null,
    };
  }
  return {
    ok: true,
    value: { address: parsed.number, phone: parsed.number, bsuid: null, country: parsed.country ?? null },
  };
}

/** "+1 (604) 585-2331" -> "+16045852331" (the webhook path's form), for values written with a + only. */
function internationalDigits(value: string): string | null {
  if (!value.startsWith("+")) return null;
  const digits = value.slice(1).replace(/[\s().\-\u00a0]/g, "");
  return /^[1-9]\d{5,14}$/.test(digits) ? `+${digits}` : null;
}

export type CountryOption = { code: string; name: string; callingCode: string };

/** Every country libphonenumber knows, named in English, for the default-country picker. */
export function countryOptions(): CountryOption[] {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code, callingCode: getCountryCallingCode(code) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
