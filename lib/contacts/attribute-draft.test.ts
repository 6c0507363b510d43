import { describe, expect, it } from "vitest";
import { attributeDraft, attributeDraftSchema, changedAttributes } from "./attribute-draft";

const definitions = [
  { key: "plan", type: "TEXT" as const },
  { key: "orders", type: "NUMBER" as const },
  { key: "renewal", type: "DATE" as const },
  { key: "vip", type: "BOOLEAN" as const },
];
const stored = attributeDraft(definitions, { plan: "gold", orders: 3, vip: false });

describe("the contact field values form", () => {
  it("holds every value as text, a yes/no field as true, false or empty", () => {
    expect(stored).toEqual({ attributes: { plan: "gold", orders: "3", renewal: "", vip: "false" } });
  });

  it("sends only the changed values, typed, and an emptied one as null", () => {
    const draft = { attributes: { ...stored.attributes, orders: "1,200", renewal: "2025-03-01", plan: "" } };
    expect(changedAttributes(definitions, stored, draft).map((d) => d.key)).toEqual([
      "plan",
      "orders",
      "renewal",
    ]);
    expect(attributeDraftSchema(definitions, stored).parse(draft)).toEqual({
      attributes: { plan: null, orders: 1200, renewal: "2025-03-01" },
    });
    const vip = { attributes: { ...stored.attributes, vip: "true" } };
    expect(attributeDraftSchema(definitions, stored).parse(vip)).toEqual({ attributes: { vip: true } });
  });

  it("counts a field added since the form was filled as empty", () => {
    const later = [...definitions, { key: "city", type: "TEXT" as const }];
    expect(changedAttributes(later, stored, stored)).toEqual([]);
    const typed = { attributes: { ...stored.attributes, city: "Leeds" } };
    expect(changedAttributes(later, stored, typed).map((d) => d.key)).toEqual(["city"]);
  });

  it.each([
    ["orders", "a dozen", /must be a number/],
    ["renewal", "2025-02-30", /must be a date as YYYY-MM-DD/],
    ["plan", "x".repeat(501), /at most 500 characters/],
  ])("refuses %s = %j on the field, by the service's rule", (key, value, message) => {
    const parsed = attributeDraftSchema(definitions, stored).safeParse({
      attributes: { ...stored.attributes, [key]: value },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([`attributes.${key}`]);
    expect(parsed.error?.issues[0]?.message).toMatch(message);
  });
});
