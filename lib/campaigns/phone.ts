import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";

// Recipient numbers from a spreadsheet: whatever people type, normalised to E.164 with the full metadata
// ("max": it knows which ranges are really assigned, so 07700 900123, a TV-drama number, is rejected), or a
// BSUID (contract §6), sent as `bsuid:<BSUID>`.

export type ResolvedAddress = {
  address: string;
  phone: string | null;
  bsuid: string | null;
  country: string | null;
};

export type AddressResult = { ok: true; value: ResolvedAddress } | { ok: false; detail: string };

const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/;

export function isCountryCode(value: string): value is CountryCode {
  return (getCountries() as string[]).includes(value);
}

export function resolveAddress(raw: string | undefined, defaultCountry: string | null): AddressResult {
  const value = (raw ?? "").trim();
  if (value === "") return { ok: false, detail: "no phone number or BSUID" };
  const bsuid = value.replace(/^bsuid:/i, "");
  if (BSUID.test(bsuid)) {
    return { ok: true, value: { address: `bsuid:${bsuid}`, phone: null, bsuid, country: bsuid.slice(0, 2) } };
  }
  if (/[a-z]/i.test(value.replace(/\s*(ext\.?|x)\s*\d+$/i, ""))) {
    return { ok: false, detail: `"${value}" is neither a phone number nor a BSUID` };
  }
  const country = defaultCountry && isCountryCode(defaultCountry) ? defaultCountry : undefined;
  const parsed = parsePhoneNumberFromString(value, country);
  if (!parsed) {
    return {
      ok: false,
      detail: country
        ? `"${value}" is not a phone number`
        : `"${value}" is not a phone number in international format (+ and country code); or pick a default country`,
    };
  }
  if (!parsed.isValid()) {
    return { ok: false, detail: `"${value}" is not a valid ${parsed.country ?? `+${parsed.countryCallingCode}`} number` };
  }
  return { ok: true, value: { address: parsed.number, phone: parsed.number, bsuid: null, country: parsed.country ?? null } };
}

export type CountryOption = { code: string; name: string; callingCode: string };

/** Every country libphonenumber knows, named in English, for the default-country picker. */
export function countryOptions(): CountryOption[] {
  const names = new Intl.DisplayNames(["en"], { type: "region" });
  return getCountries()
    .map((code) => ({ code, name: names.of(code) ?? code, callingCode: getCountryCallingCode(code) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
