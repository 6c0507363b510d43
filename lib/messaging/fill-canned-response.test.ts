import { describe, expect, it } from "vitest";
import { fillCannedResponse } from "./hooks/use-canned-responses";

describe("fillCannedResponse", () => {
  it.each([
    ["Hi {{name}}, thanks!", "Sam Lee", "Hi Sam, thanks!"],
    ["Hi {{ NAME }}, thanks!", "  Ana  ", "Hi Ana, thanks!"],
    ["Hi {{name}}, thanks!", null, "Hi, thanks!"],
    ["{{name}}, your order shipped", "", ", your order shipped"],
    ["{{name}} {{name}}", "Bo", "Bo Bo"],
    ["No variables here", "Sam", "No variables here"],
    ["Keep {{other}} as typed", "Sam", "Keep {{other}} as typed"],
  ])("%s with %s", (body, name, expected) => {
    expect(fillCannedResponse(body, name)).toBe(expected);
  });
});
