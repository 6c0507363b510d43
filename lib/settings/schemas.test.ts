import { describe, expect, it } from "vitest";
import { connectlySettingsFormSchema, securitySettingsFormSchema } from "./schemas";

// The Settings forms check what is typed with the route's own field rules; blank means "keep" or "none".

const typed = {
  businessId: "biz_1",
  apiKey: "",
  webhookSecret: "",
  webhookSecretGraceHours: 24,
  defaultSender: "",
  buttonUrlMode: "suffix",
} as const;

describe("connectlySettingsFormSchema", () => {
  it("takes blank secrets and sender (keep / let Connectly choose), trimmed", () => {
    expect(connectlySettingsFormSchema.parse({ ...typed, apiKey: "   " })).toEqual({ ...typed, apiKey: "" });
  });

  it.each([
    ["apiKey", "short", "must be at least 8 characters (paste the whole API key)"],
    ["webhookSecret", "short", "must be at least 8 characters (paste the whole webhook secret)"],
    ["defaultSender", "0415", "must be an E.164 number such as +14155550100"],
    ["businessId", "has space", "may only contain letters, digits and _ . : -"],
  ])("refuses %s %j with the route's message", (field, value, message) => {
    const result = connectlySettingsFormSchema.safeParse({ ...typed, [field]: value });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([[field, message]]);
  });
});

describe("securitySettingsFormSchema", () => {
  it("turns hours into the route's minutes", () => {
    expect(securitySettingsFormSchema.parse({ sessionIdleHours: 1.5, requireAdminTwoFactor: true })).toEqual({
      sessionIdleMinutes: 90,
      requireAdminTwoFactor: true,
    });
  });

  it.each([
    [0.05, "must be at least 5 minutes"],
    [200, "must be at most 10080 minutes (7 days)"],
    [Number.NaN, "must be a number of hours"],
  ])("refuses %d hours on the hours box", (hours, message) => {
    const result = securitySettingsFormSchema.safeParse({
      sessionIdleHours: hours,
      requireAdminTwoFactor: false,
    });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["sessionIdleHours", message],
    ]);
  });
});
