import { describe, expect, it } from "vitest";
import { conditionSchema } from "./schemas";

describe("attribute conditions", () => {
  it("parse each type and refuse what does not fit", () => {
    expect(
      conditionSchema.parse({ kind: "attribute", key: "tier", type: "TEXT", op: "equals", value: " Gold " }),
    ).toEqual({ kind: "attribute", key: "tier", type: "TEXT", op: "equals", value: "Gold" });
    expect(
      conditionSchema.parse({ kind: "attribute", key: "spend", type: "NUMBER", op: "gt", value: 10.5 }).kind,
    ).toBe("attribute");
    expect(
      conditionSchema.parse({ kind: "attribute", key: "renewal", type: "DATE", op: "within", days: 30 }),
    ).toMatchObject({ days: 30 });
    expect(
      conditionSchema.parse({
        kind: "attribute",
        key: "renewal",
        type: "DATE",
        op: "before",
        value: "2026-01-31",
      }),
    ).toMatchObject({ value: "2026-01-31" });
    expect(
      conditionSchema.parse({ kind: "attribute", key: "vip", type: "BOOLEAN", op: "is", value: false }),
    ).toMatchObject({ value: false });
    expect(
      conditionSchema.safeParse({ kind: "attribute", key: "Bad Key", type: "TEXT", op: "equals", value: "x" })
        .success,
    ).toBe(false);
    expect(
      conditionSchema.safeParse({ kind: "attribute", key: "spend", type: "NUMBER", op: "gt", value: "10" })
        .success,
    ).toBe(false);
    expect(
      conditionSchema.safeParse({
        kind: "attribute",
        key: "renewal",
        type: "DATE",
        op: "before",
        value: "2026-02-30",
      }).success,
    ).toBe(false);
    expect(
      conditionSchema.safeParse({ kind: "attribute", key: "renewal", type: "DATE", op: "within", days: 0 })
        .success,
    ).toBe(false);
    expect(
      conditionSchema.safeParse({ kind: "attribute", key: "vip", type: "BOOLEAN", op: "equals", value: true })
        .success,
    ).toBe(false);
  });
});
