import { describe, expect, it } from "vitest";
import { countryOptions, resolveAddress } from "./phone";

describe("resolveAddress", () => {
  it.each([
    ["+14155550100", null, { address: "+14155550100", country: "US" }],
    ["+1 (415) 555-0100", null, { address: "+14155550100", country: "US" }],
    ["(415) 555-0100", "US", { address: "+14155550100", country: "US" }],
    ["0044 7400 123456", "GB", { address: "+447400123456", country: "GB" }],
    ["07400 123456", "GB", { address: "+447400123456", country: "GB" }],
    ["+55 11 98765-4321", null, { address: "+5511987654321", country: "BR" }],
    [
      "US.13491208655302741918",
      null,
      { address: "bsuid:US.13491208655302741918", country: "US", phone: null },
    ],
    ["bsuid:BR.abc123", null, { address: "bsuid:BR.abc123", bsuid: "BR.abc123" }],
  ])("%j (default %s) -> %o", (raw, country, expected) => {
    const result = resolveAddress(raw, country);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it.each([
    ["", null, /no phone number/],
    ["   ", "US", /no phone number/],
    ["07400 123456", null, /international format/],
    ["12345", "US", /not a valid US number/],
    ["+447700900123", null, /not in a range known to be assigned/], // Ofcom's drama range: not assignable
    ["call me", null, /neither a phone number nor a BSUID/],
    ["us.123", null, /neither/], // BSUID country codes are upper case
  ])("%j (default %s) is rejected", (raw, country, message) => {
    const result = resolveAddress(raw, country);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toMatch(message);
  });
});

describe("numbers the library refuses", () => {
  it("offers a possible but unassigned number as unverified, with its E.164 form", () => {
    const result = resolveAddress("+44 7700 900123", null);
    expect(result).toMatchObject({
      ok: false,
      phone: "+447700900123",
      unverified: { address: "+447700900123", phone: "+447700900123", country: "GB" },
    });
  });

  it.each([
    ["12345", "US", "+112345"], // too short to be possible: no offer, but still looked up among contacts
    ["+99912345678", null, "+99912345678"], // no such country code: looked up among contacts as written
    ["call me", null, null],
  ])("%j (default %s) is not offered; looked up as %s", (raw, country, phone) => {
    const result = resolveAddress(raw, country);
    expect(result).toMatchObject({ ok: false, unverified: null, phone });
  });
});

it("lists countries by name with their calling codes", () => {
  const options = countryOptions();
  expect(options.find((c) => c.code === "GB")).toEqual({
    code: "GB",
    name: "United Kingdom",
    callingCode: "44",
  });
  expect(options.length).toBeGreaterThan(200);
});
