import { describe, expect, it } from "vitest";
import type { TemplateComponent } from "../connectly/template-components";
import { emptyCsvAudience, segmentAudience, withInspection, type AudienceDraft } from "./audience-draft";
import type { CsvInspection } from "./csv";
import {
  choiceOf,
  mappingOf,
  prepareMapping,
  sampleValues,
  sourceFor,
  toVariablesDraft,
  variablesDraftSchema,
} from "./variables-draft";

const inspection: CsvInspection = {
  delimiter: ";",
  headers: ["Name", "Phone", "Appointment date"],
  sampleRows: [{ Name: " Ana  Lima ", Phone: "+447700900123", "Appointment date": "" }],
  addressColumn: "Phone",
};
const file = new File(["Name;Phone\n"], "list.csv", { type: "text/csv" });
const csv = withInspection(emptyCsvAudience(), file, inspection);
const contacts: AudienceDraft = {
  mode: "contacts",
  filter: { q: "ana" },
  matching: 3,
  sample: [{ name: null, address: "+447700900123" }],
};
const body = (text: string) => [{ body: { text: { text } } }] as unknown as TemplateComponent[];

describe("variable sources", () => {
  it("keeps a fallback across column and contact choices, and a fixed text only while fixed", () => {
    const column = sourceFor("column:Name", { kind: "contact", field: "name", fallback: "there" });
    expect(column).toEqual({ kind: "column", column: "Name", fallback: "there" });
    expect(choiceOf(column)).toBe("column:Name");
    expect(sourceFor("contact:phone", column)).toEqual({
      kind: "contact",
      field: "phone",
      fallback: "there",
    });
    expect(sourceFor("fixed", column)).toEqual({ kind: "fixed", value: "" });
    expect(sourceFor("fixed", { kind: "fixed", value: "Dr. Rivera" })).toEqual({
      kind: "fixed",
      value: "Dr. Rivera",
    });
    expect(choiceOf(null)).toBe("");
  });

  it("guesses a name column after a greeting and a column sharing a word, never the phone column", () => {
    const mapping = prepareMapping(
      {},
      { variables: ["body_1", "body_2"], templateComponents: body("Hi {{1}}, your appointment on {{2}}") },
      csv,
    );
    expect(mapping).toEqual({
      body_1: { kind: "column", column: "Name" },
      body_2: { kind: "column", column: "Appointment date" },
    });
  });

  it("drops a kept column the new file lacks; contacts get the contact's name after a greeting", () => {
    const kept = prepareMapping(
      { body_1: { kind: "column", column: "Gone" }, body_2: { kind: "fixed", value: "10:30" } },
      { variables: ["body_1", "body_2"], templateComponents: body("Hello {{1}} at {{2}}") },
      contacts,
    );
    expect(kept).toEqual({
      body_1: { kind: "contact", field: "name", fallback: "there" },
      body_2: { kind: "fixed", value: "10:30" },
    });
  });

  it("previews the first row: trimmed and folded, a fallback for an empty cell", () => {
    const values = sampleValues(
      ["body_1", "body_2", "body_3"],
      {
        body_1: { kind: "column", column: "Name" },
        body_2: { kind: "column", column: "Appointment date", fallback: "soon" },
      },
      csv,
    );
    expect(values).toEqual({ body_1: "Ana Lima", body_2: "soon" });
    expect(
      sampleValues(["x"], { x: { kind: "contact", field: "name", fallback: "friend" } }, contacts),
    ).toEqual({
      x: "friend",
    });
  });

  it("leaves out unmapped variables and emptied fallbacks", () => {
    expect(
      mappingOf({
        body_1: null,
        body_2: { kind: "column", column: "Name", fallback: "" },
        body_3: { kind: "fixed", value: "" },
      }),
    ).toEqual({ body_2: { kind: "column", column: "Name" }, body_3: { kind: "fixed", value: "" } });
  });
});

describe("variablesDraftSchema", () => {
  const names = ["body_1", "body_2"];

  it("names each variable without a source or without its fixed text", () => {
    const result = variablesDraftSchema(names, csv, false).safeParse({
      variables: { body_1: null, body_2: { kind: "fixed", value: "  " } },
      scheduledAtColumn: "",
    });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["variables.body_1", "Choose where this value comes from."],
      ["variables.body_2", "Type the value every recipient gets."],
    ]);
  });

  it("makes the CSV import's settings, the start-time column only for a flow", () => {
    const draft = {
      ...toVariablesDraft(names, {
        body_1: { kind: "column", column: "Name" },
        body_2: { kind: "fixed", value: "x" },
      }),
      scheduledAtColumn: "Appointment date",
    };
    const settings = {
      fileName: "list.csv",
      delimiter: ";",
      addressColumn: "Phone",
      defaultCountry: null,
      variables: { body_1: { kind: "column", column: "Name" }, body_2: { kind: "fixed", value: "x" } },
    };
    expect(variablesDraftSchema(names, csv, false).parse(draft)).toEqual(settings);
    expect(variablesDraftSchema(names, csv, true).parse(draft)).toEqual({
      ...settings,
      scheduledAtColumn: "Appointment date",
    });
  });

  it("makes a contacts import or a segment plan, refused by the route's schema when mapped to a column", () => {
    const draft = toVariablesDraft(names, {
      body_1: { kind: "contact", field: "name" },
      body_2: { kind: "fixed", value: "x" },
    });
    expect(variablesDraftSchema(names, contacts, false).parse(draft)).toEqual({
      filter: { q: "ana" },
      variables: draft.variables,
    });
    expect(variablesDraftSchema(names, segmentAudience("seg_1"), false).parse(draft)).toEqual({
      segmentId: "seg_1",
      variables: draft.variables,
    });
    const withColumn = toVariablesDraft(names, {
      body_1: { kind: "column", column: "Name" },
      body_2: { kind: "fixed", value: "x" },
    });
    const refused = variablesDraftSchema(names, contacts, false).safeParse(withColumn);
    expect(refused.error?.issues.map((i) => i.path.join("."))).toEqual(["variables"]);
  });
});
