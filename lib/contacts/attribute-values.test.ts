import { describe, expect, it } from "vitest";
import { checkAttributeValue } from "./attribute-values";

describe("checkAttributeValue", () => {
  it.each([
    ["NUMBER", 12, true, 12],
    ["NUMBER", "1,250.5", true, 1250.5],
    ["NUMBER", "twelve", false, null],
    ["NUMBER", "", false, null],
    ["DATE", "2024-02-29", true, "2024-02-29"],
    ["DATE", "2023-02-29", false, null],
    ["DATE", "29/02/2024", false, null],
    ["BOOLEAN", true, true, true],
    ["BOOLEAN", "false", true, false],
    ["BOOLEAN", "yes", false, null],
    ["TEXT", "  Porto ", true, "Porto"],
    ["TEXT", "x".repeat(501), false, null],
  ] as const)("%s %j -> ok %s", (type, raw, ok, value) => {
    const result = checkAttributeValue(type, raw);
    expect(result.ok).toBe(ok);
    if (result.ok) expect(result.value).toBe(value);
  });

  it("reads yes/no and 1/0 as booleans from CSV cells only", () => {
    expect(checkAttributeValue("BOOLEAN", "Yes", true)).toEqual({ ok: true, value: true });
    expect(checkAttributeValue("BOOLEAN", "0", true)).toEqual({ ok: true, value: false });
  });
});
