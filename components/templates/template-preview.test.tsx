import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TemplatePreview } from "./template-preview";

// A template send stores the document URL the agent typed; the inbox draws it again from the snapshot. A malformed
// percent-escape in that URL once threw (URIError) while rendering and took the whole conversation down.
describe("TemplatePreview: document header", () => {
  const components = [
    { header: { media: { type: "TYPE_DOCUMENT" as const } } },
    { body: { text: { text: "Your invoice" } } },
  ];

  it.each([
    ["https://files.example/invoices/100%.pdf", "100%.pdf"],
    ["https://files.example/invoices/%E0%A4%A.pdf?sig=1", "%E0%A4%A.pdf"],
    ["https://files.example/invoices/march%202026.pdf", "march 2026.pdf"],
  ])("renders %j with the file name %j", (url, name) => {
    const html = renderToStaticMarkup(
      <TemplatePreview components={components} values={{ header_document: url }} />,
    );
    expect(html).toContain(name);
    expect(html).toContain("Your invoice");
  });
});
