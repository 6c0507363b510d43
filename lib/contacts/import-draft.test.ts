import { describe, expect, it } from "vitest";
import {
  columnOfIssue,
  contactImportDraftSchema,
  guessTarget,
  importDraftFor,
  withTarget,
  type ContactImportDraft,
} from "./import-draft";

const known = [{ key: "plan", type: "TEXT" as const }];
const file = { name: "people.csv", delimiter: "," };

describe("contact import draft", () => {
  it("guesses the address, name, known and new field columns", () => {
    const draft = importDraftFor(
      {
        delimiter: ",",
        headers: ["Name", "Mobile", "Plan", "Visits", "wa bsuid"],
        sampleRows: [],
        addressColumn: "Mobile",
      },
      known,
    );
    expect(draft.columns.map((c) => c.target)).toEqual(["name", "phone", "attr:plan", "new:TEXT", "bsuid"]);
    expect(guessTarget("bsuid", "bsuid", [])).toBe("bsuid");
  });

  it("gives name, phone and BSUID to one column each; fields may repeat", () => {
    const columns: ContactImportDraft["columns"] = [
      { header: "A", target: "phone" },
      { header: "B", target: "new:TEXT" },
      { header: "C", target: "new:TEXT" },
    ];
    expect(withTarget(columns, 1, "phone").map((c) => c.target)).toEqual(["ignore", "phone", "new:TEXT"]);
    expect(withTarget(columns, 2, "new:NUMBER").map((c) => c.target)).toEqual([
      "phone",
      "new:TEXT",
      "new:NUMBER",
    ]);
  });

  it("turns the draft into the route's settings", () => {
    const draft: ContactImportDraft = {
      columns: [
        { header: "Mobile", target: "phone" },
        { header: "Name", target: "name" },
        { header: "Plan", target: "attr:plan" },
        { header: "Loyalty tier", target: "new:NUMBER" },
        { header: "Notes", target: "ignore" },
      ],
      defaultCountry: "GB",
    };
    expect(contactImportDraftSchema(file, known).parse(draft)).toEqual({
      fileName: "people.csv",
      delimiter: ",",
      defaultCountry: "GB",
      phoneColumn: "Mobile",
      bsuidColumn: undefined,
      nameColumn: "Name",
      attributes: [
        { column: "Plan", key: "plan", type: "TEXT" },
        { column: "Loyalty tier", key: "loyalty_tier", type: "NUMBER" },
      ],
    });
  });

  it("puts issues on the column they are about", () => {
    const draft: ContactImportDraft = {
      columns: [
        { header: "Name", target: "name" },
        { header: "Notes", target: "ignore" },
        { header: "x".repeat(201), target: "new:TEXT" },
      ],
      defaultCountry: "",
    };
    const missing = contactImportDraftSchema(file, known).safeParse(draft);
    expect(missing.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["columns", "Pick the column with the phone number or the BSUID."],
    ]);
    const long = contactImportDraftSchema(file, known).safeParse({
      ...draft,
      columns: [...draft.columns, { header: "Tel", target: "phone" }],
    });
    expect(long.error?.issues.map((i) => i.path.join("."))).toEqual(["columns.2.target"]);
    expect(columnOfIssue(draft, "attributes[0].key")).toBe(2);
    expect(columnOfIssue(draft, "nameColumn")).toBe(0);
    expect(columnOfIssue(draft, "bsuidColumn")).toBeNull();
    expect(columnOfIssue(draft, "defaultCountry")).toBeNull();
  });
});
