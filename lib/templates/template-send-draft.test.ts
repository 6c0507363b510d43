import { describe, expect, it } from "vitest";
import type { TemplateComponent } from "../connectly/template-components";
import { buildFormModel } from "./build-form";
import {
  draftPreviewValues,
  fieldPath,
  generatedDraft,
  issuePath,
  manualDraft,
  manualParameterProblem,
  missingCount,
  templateSendSchema,
  type TemplateSendDraft,
} from "./template-send-draft";

const components: TemplateComponent[] = [
  { header: { media: { type: "TYPE_DOCUMENT" } } },
  { body: { text: { text: "Hi {{1}}, invoice {{2}}" } } },
  { buttons: { buttons: [{ url: { text: "Pay", url: "https://pay.example/{{1}}" } }] } },
];
const model = buildFormModel(components);

function filled(): TemplateSendDraft {
  return {
    parameters: [
      { name: "header_document", value: " https://files.example/inv.pdf ", filename: "Invoice 42.pdf" },
      { name: "body_1", value: "Sam " },
      { name: "body_2", value: "INV-42" },
      { name: "button_1_url", value: "INV-42" },
    ],
  };
}

/** Issue paths and messages of a failed parse, in order. */
function issues(schema: ReturnType<typeof templateSendSchema>, draft: TemplateSendDraft) {
  const parsed = schema.safeParse(draft);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join("."), i.message]);
}

describe("the template send draft", () => {
  it("has one row per send parameter, the document's file name on its row", () => {
    expect(generatedDraft(model)).toEqual({
      parameters: [
        { name: "header_document", value: "", filename: "" },
        { name: "body_1", value: "" },
        { name: "body_2", value: "" },
        { name: "button_1_url", value: "" },
      ],
    });
    const [document, filename, body2] = [model.fields[0]!, model.fields[1]!, model.fields[3]!];
    expect(fieldPath(model, document)).toBe("parameters.0.value");
    expect(fieldPath(model, filename)).toBe("parameters.0.filename");
    expect(fieldPath(model, body2)).toBe("parameters.2.value");
  });

  it("carries values over to a translation by parameter name and drops the rest", () => {
    const other = buildFormModel([{ body: { text: { text: "Hola {{1}}" } } }]);
    const previous = filled();
    expect(generatedDraft(other, previous)).toEqual({ parameters: [{ name: "body_1", value: "Sam " }] });
    expect(generatedDraft(model, previous)).toEqual(previous);
  });

  it("parses to the request's parameters: trimmed, in field order, a blank file name left out", () => {
    const draft = filled();
    expect(templateSendSchema(model).parse(draft)).toEqual({
      parameters: [
        { name: "header_document", value: "https://files.example/inv.pdf", filename: "Invoice 42.pdf" },
        { name: "body_1", value: "Sam" },
        { name: "body_2", value: "INV-42" },
        { name: "button_1_url", value: "INV-42" },
      ],
    });
    draft.parameters[0]!.filename = "  ";
    expect(templateSendSchema(model).parse(draft).parameters[0]).toEqual({
      name: "header_document",
      value: "https://files.example/inv.pdf",
    });
  });

  it("puts each problem on its field's path, with the form's wording, and sends nothing", () => {
    const draft = generatedDraft(model);
    draft.parameters[1]!.value = "two\nlines";
    draft.parameters[3]!.value = "https://elsewhere.example/INV-42";
    expect(issues(templateSendSchema(model), draft)).toEqual([
      ["parameters.0.value", "Give the document URL"],
      ["parameters.1.value", expect.stringMatching(/new lines/)],
      ["parameters.2.value", "Fill in this variable"],
      ["parameters.3.value", expect.stringMatching(/base URL https:\/\/pay.example\//)],
    ]);
  });

  it("counts the required variables left and previews only what is typed", () => {
    const draft = generatedDraft(model);
    expect(missingCount(model, draft)).toBe(4);
    draft.parameters[1]!.value = "Sam";
    draft.parameters[2]!.value = "  ";
    expect(missingCount(model, draft)).toBe(3);
    expect(draftPreviewValues(model, draft)).toEqual({ body_1: "Sam" });
  });

  it("finds the row a server message names", () => {
    const draft = filled();
    expect(issuePath(draft, "body_2 is required")).toBe("parameters.2.value");
    expect(issuePath(draft, "button_1_url must not contain spaces")).toBe("parameters.3.value");
    expect(issuePath(draft, "body_10 is not a variable of this template")).toBeUndefined();
    expect(issuePath(draft, "the template is paused")).toBeUndefined();
  });
});

describe("parameters typed by hand", () => {
  const manual = templateSendSchema(null);

  it("are seeded with the names the app can see, and sent by name, blank rows left out", () => {
    const draft = manualDraft(["body_1", "header_text"]);
    expect(draft.parameters).toEqual([
      { name: "body_1", value: "" },
      { name: "header_text", value: "" },
    ]);
    draft.parameters[0]!.value = "Sam";
    draft.parameters[1]!.value = "Today ";
    draft.parameters.push({ name: "", value: "" });
    expect(manual.parse(draft)).toEqual({
      parameters: [
        { name: "body_1", value: "Sam" },
        { name: "header_text", value: "Today " },
      ],
    });
    expect(draftPreviewValues(null, draft)).toEqual({ body_1: "Sam", header_text: "Today " });
  });

  it.each([
    [[{ name: "", value: "x" }], "Every value needs a parameter name."],
    [[{ name: "body_1", value: " " }], "Every parameter needs a value."],
    [
      [
        { name: "body_1", value: "a" },
        { name: "body_1", value: "b" },
      ],
      "body_1 is given twice.",
    ],
  ])("refuse %j as a whole list", (rows, message) => {
    expect(manualParameterProblem(rows)).toBe(message);
    expect(issues(manual, { parameters: rows })).toEqual([["parameters", message]]);
  });

  it("check each row's name and value by the contract's rules, on the row", () => {
    const draft = {
      parameters: [
        { name: "body_1", value: "Sam" },
        { name: "greeting", value: "Hi" },
        { name: "header_image", value: "not a url" },
      ],
    };
    const found = issues(manual, draft);
    expect(found.map(([path]) => path)).toEqual(["parameters.1.name", "parameters.2.value"]);
  });

  it("leave gaps to the route's own schema", () => {
    const found = issues(manual, {
      parameters: [
        { name: "body_1", value: "a" },
        { name: "body_3", value: "c" },
      ],
    });
    expect(found).toEqual([["parameters", expect.stringMatching(/body_2 is missing/)]]);
  });
});
