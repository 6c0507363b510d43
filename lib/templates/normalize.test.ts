import { describe, expect, it } from "vitest";
import {
  describeRawStatus,
  explainRejection,
  normalizeCategory,
  normalizeStatus,
  upstreamCategory,
} from "./normalize";

describe("normalizeCategory", () => {
  it.each([
    ["MARKETING", "MARKETING"],
    ["MESSAGE_TEMPLATE_GROUP_CATEGORY_MARKETING", "MARKETING"],
    ["UTILITY", "UTILITY"],
    ["MESSAGE_TEMPLATE_GROUP_CATEGORY_UTILITY", "UTILITY"],
    ["AUTHENTICATION", "AUTHENTICATION"],
    ["MESSAGE_TEMPLATE_GROUP_CATEGORY_AUTHENTICATION", "AUTHENTICATION"],
    ["ACCOUNT_UPDATE", "UTILITY"],
    ["MESSAGE_TEMPLATE_GROUP_CATEGORY_ACCOUNT_UPDATE", "UTILITY"],
    ["shipping_update", "UTILITY"],
    ["TRANSACTIONAL", "UTILITY"],
    ["ALERT_UPDATE", "UTILITY"],
    ["OTP", "AUTHENTICATION"],
    [" marketing ", "MARKETING"],
  ])("%s -> %s", (raw, expected) => {
    expect(normalizeCategory(raw)).toBe(expected);
  });

  it.each([["MESSAGE_TEMPLATE_GROUP_CATEGORY_UNSPECIFIED"], ["SOMETHING_NEW"], [""], [null], [undefined]])(
    "%s is unknown (null)",
    (raw) => {
      expect(normalizeCategory(raw)).toBeNull();
    },
  );

  it("round-trips to the long enum create/template takes", () => {
    expect(upstreamCategory("UTILITY")).toBe("MESSAGE_TEMPLATE_GROUP_CATEGORY_UTILITY");
    expect(normalizeCategory(upstreamCategory("AUTHENTICATION"))).toBe("AUTHENTICATION");
  });
});

describe("normalizeStatus", () => {
  it.each([
    ["MESSAGE_TEMPLATE_STATUS_APPROVED", "APPROVED"],
    ["MESSAGE_TEMPLATE_STATUS_PENDING", "PENDING"],
    ["MESSAGE_TEMPLATE_STATUS_REJECTED", "REJECTED"],
    ["approved", "APPROVED"],
    ["MESSAGE_TEMPLATE_STATUS_PAUSED", "UNKNOWN"],
    ["", "UNKNOWN"],
  ])("%s -> %s", (raw, expected) => {
    expect(normalizeStatus(raw)).toBe(expected);
  });

  it("describes a raw status it does not model", () => {
    expect(describeRawStatus("MESSAGE_TEMPLATE_STATUS_PENDING_DELETION")).toBe("pending deletion");
  });
});

describe("explainRejection", () => {
  it("puts known reasons in plain words", () => {
    const r = explainRejection("INVALID_FORMAT");
    expect(r.title).toBe("Formatting problem");
    expect(r.detail).not.toContain("INVALID_FORMAT");
  });
  it("keeps an unknown code readable instead of hiding it", () => {
    expect(explainRejection("NEW_META_REASON")).toMatchObject({
      code: "NEW_META_REASON",
      title: "New meta reason",
    });
    expect(explainRejection(null).code).toBe("NONE");
  });
});
