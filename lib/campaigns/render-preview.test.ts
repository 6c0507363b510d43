import { expect, it } from "vitest";
import type { TemplateComponent } from "../connectly/template-components";
import { renderPreview } from "./render-preview";

const components: TemplateComponent[] = [
  { header: { media: { type: "TYPE_IMAGE", example: ["https://cdn.example/sample.jpg"] } } },
  { body: { text: { text: "Hi {{1}}, order {{2}} ships today. {{1}}, thanks!" } } },
  { footer: { text: { text: "Acme" } } },
  {
    buttons: {
      buttons: [
        { quickReply: { text: "Stop" } },
        { url: { text: "Track", url: "https://shop.example/t/{{1}}" } },
      ],
    },
  },
];

it("fills each recipient's variables into the template", () => {
  expect(
    renderPreview(components, {
      header_image: "https://cdn.example/a.jpg",
      body_1: "Ana",
      body_2: "A-1",
      button_2_url: "A-1",
    }),
  ).toEqual({
    header: { kind: "image", url: "https://cdn.example/a.jpg" },
    body: "Hi Ana, order A-1 ships today. Ana, thanks!",
    footer: "Acme",
    buttons: [
      { kind: "quick_reply", text: "Stop" },
      { kind: "url", text: "Track", url: "https://shop.example/t/A-1" },
    ],
    cards: [],
  });
});

it("leaves unfilled variables visible", () => {
  const preview = renderPreview(components, {});
  expect(preview.body).toBe("Hi {{1}}, order {{2}} ships today. {{1}}, thanks!");
  expect(preview.header).toEqual({ kind: "image", url: "https://cdn.example/sample.jpg" });
});
