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
    ["US.13491208655302741918", null, { address: "bsuid:US.13491208655302741918", country: "US", phone: null }],
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
    ["+447700900123", null, /not a valid \+44 number/], // Ofcom's drama range: not assignable
    ["call me", null, /neither a phone number nor a BSUID/],
    ["us.123", null, /neither/], // BSUID country codes are upper case
  ])("%j (default %s) is rejected", (raw, country, message) => {
    const result = resolveAddress(raw, country);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail).toMatch(message);
  });
});

it("lists countries by name with their calling codes", () => {
  const options = countryOptions();
  expect(options.find((c) => c.code === "GB")).toEqual({ code: "GB", name: "United Kingdom", callingCode: "44" });
  expect(options.length).toBeGreaterThan(200);
});
