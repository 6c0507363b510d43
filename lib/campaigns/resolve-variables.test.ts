import { describe, expect, it } from "vitest";
import { cleanValue, resolveVariables, toParameters } from "./resolve-variables";
import type { VariablesMapping } from "./schemas";

const names = ["header_text", "body_1", "button_1_url"];
const mapping: VariablesMapping = {
  header_text: { kind: "fixed", value: "Acme" },
  body_1: { kind: "column", column: "first name", fallback: "there" },
  button_1_url: { kind: "column", column: "order" },
};

describe("resolveVariables", () => {
  it("reads columns, fixed values and fallbacks", () => {
    expect(
      resolveVariables(names, mapping, { cells: { "first name": "", order: "A-1" }, contact: null }),
    ).toEqual({
      ok: true,
      variables: { header_text: "Acme", body_1: "there", button_1_url: "A-1" },
    });
  });

  it("takes a full URL for a URL button too (the worker sends the workspace's form, url-buttons.ts)", () => {
    const result = resolveVariables(names, mapping, {
      cells: { "first name": "Ana", order: "https://x.example/A-1" },
      contact: null,
    });
    expect(result).toMatchObject({ ok: true, variables: { button_1_url: "https://x.example/A-1" } });
  });

  it("reads the matching contact's fields", () => {
    const byContact: VariablesMapping = { ...mapping, body_1: { kind: "contact", field: "name" } };
    const result = resolveVariables(names, byContact, {
      cells: { order: "A-1" },
      contact: { name: "Ana  Maria", phone: "+1" },
    });
    expect(result).toMatchObject({ ok: true, variables: { body_1: "Ana Maria" } });
    expect(resolveVariables(names, byContact, { cells: { order: "A-1" }, contact: null })).toMatchObject({
      ok: false,
      reason: "MISSING_VARIABLE",
    });
  });

  it.each([
    [{ "first name": "Ana", order: "" }, "MISSING_VARIABLE", /button_1_url is empty \(column "order"\)/],
    [{ "first name": "Ana", order: "https://" }, "INVALID_VARIABLE", /suffix or a valid/],
    [{ "first name": "Ana", order: "A 1" }, "INVALID_VARIABLE", /spaces/],
    [{ "first name": "x".repeat(1025), order: "A-1" }, "INVALID_VARIABLE", /at most 1024/],
  ])("rejects %o as %s", (cells, reason, detail) => {
    const result = resolveVariables(names, mapping, { cells, contact: null });
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.detail).toMatch(detail);
  });

  it("rejects an unmapped variable", () => {
    expect(resolveVariables(["body_2"], mapping, { cells: {}, contact: null })).toMatchObject({
      ok: false,
      reason: "MISSING_VARIABLE",
      detail: "body_2 is not mapped",
    });
  });
});

it("collapses line breaks, tabs and space runs, which WhatsApp refuses in variables", () => {
  expect(cleanValue("  Ana\r\nMaria\t\t Silva      Jr ")).toBe("Ana Maria Silva Jr");
});

it("orders parameters as the template lists its variables", () => {
  expect(toParameters(["body_1", "body_2"], { body_2: "b", body_1: "a" })).toEqual([
    { name: "body_1", value: "a" },
    { name: "body_2", value: "b" },
  ]);
});
