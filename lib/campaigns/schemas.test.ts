import { describe, expect, it } from "vitest";
import {
  campaignFlowFormSchema,
  campaignLaunchFormSchema,
  campaignRateFormSchema,
  campaignTestFormSchema,
} from "./schemas";

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

describe("the review step's forms", () => {
  it("sends now, or at a future local time as an ISO instant; a past or empty time is named", () => {
    expect(campaignLaunchFormSchema.parse({ when: "now", scheduledAt: "" })).toEqual({});
    const later = new Date(Date.now() + 7_200_000);
    expect(campaignLaunchFormSchema.parse({ when: "later", scheduledAt: later.toISOString() })).toEqual({
      scheduledAt: later.toISOString(),
    });
    for (const scheduledAt of ["", "2001-01-01T10:00", "not a date"]) {
      const result = campaignLaunchFormSchema.safeParse({ when: "later", scheduledAt });
      expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["scheduledAt", "Pick a time in the future."],
      ]);
    }
  });

  it.each(["", "0", "2.5", "abc", "1001"])("refuses the pace %j with the box's one message", (typed) => {
    const result = campaignRateFormSchema.safeParse({ ratePerSecond: typed });
    expect(result.error?.issues.map((i) => i.message)).toEqual(["A whole number from 1 to 1,000."]);
  });

  it("reads the pace and the test number as typed", () => {
    expect(campaignRateFormSchema.parse({ ratePerSecond: " 25 " })).toEqual({ ratePerSecond: 25 });
    expect(campaignTestFormSchema.parse({ phone: "+44 (7700) 900-123" })).toEqual({ phone: "+447700900123" });
    expect(campaignTestFormSchema.safeParse({ phone: "12" }).error?.issues[0]?.path).toEqual(["phone"]);
  });
});
