import type { FieldErrors } from "react-hook-form";
import { describe, expect, it } from "vitest";
import { countErrors, errorAt } from "./template-form-parts";

// The errors object as zodResolver and setError build it: a field's own entry, a list's under `root`.
const errors = {
  name: { type: "custom", message: "Name is required" },
  buttons: {
    root: { type: "custom", message: "At most 2 link buttons" },
    1: { text: { type: "server", message: "Button text is required", ref: { name: "buttons.1.text" } } },
  },
  carousel: { cards: { type: "custom", message: "A carousel has 2 to 10 cards" } },
  body: { text: { type: "custom", message: "" } },
} as unknown as FieldErrors;

describe("errorAt", () => {
  it.each([
    ["name", "Name is required"],
    ["buttons", "At most 2 link buttons"],
    ["buttons.1.text", "Button text is required"],
    ["carousel.cards", "A carousel has 2 to 10 cards"],
    ["body.text", undefined],
    ["footer", undefined],
    ["buttons.0.text", undefined],
  ])("%s → %s", (path, message) => {
    expect(errorAt(errors, path)).toBe(message);
  });
});

describe("countErrors", () => {
  it("counts every message once, skipping empty ones and refs", () => {
    expect(countErrors(errors)).toBe(4);
    expect(countErrors({})).toBe(0);
  });
});
