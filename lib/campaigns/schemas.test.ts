import { describe, expect, it } from "vitest";
import { campaignFlowFormSchema } from "./schemas";

describe("campaignFlowFormSchema", () => {
  it("reads the version box (empty = latest) and the comma-separated variables", () => {
    expect(
      campaignFlowFormSchema.parse({
        flowName: " welcome ",
        flowVersion: " ",
        flowVariables: "first_name, product,,",
      }),
    ).toEqual({ flowName: "welcome", flowVersion: null, flowVariables: ["first_name", "product"] });
  });

  it.each([
    [{ flowName: "" }, "flowName", "Type the flow's exact name from Connectly's Flow Builder."],
    [{ flowVersion: "v 3" }, "flowVersion", "flowVersion is a version such as 3 (letters, digits, . _ -)"],
    [{ flowVariables: "a, a" }, "flowVariables", "each flow variable once"],
    [
      { flowVariables: "ok, 1st" },
      "flowVariables",
      "a flow variable name is letters, digits and _ (up to 64), not starting with a digit",
    ],
  ])("puts %j's problem on its one box", (change, path, message) => {
    const result = campaignFlowFormSchema.safeParse({
      flowName: "welcome",
      flowVersion: "",
      flowVariables: "",
      ...change,
    });
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([[path, message]]);
  });
});
