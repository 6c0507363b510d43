import { describe, expect, it, vi } from "vitest";
import { ApiError } from "./fetch";
import { applyServerErrors, serverIssues, toFieldPath } from "./form-errors";

const invalid = (issues: unknown) =>
  new ApiError(422, "VALIDATION_FAILED", "Invalid request: name: Required", { issues });

describe("form errors from a 422", () => {
  it("converts the server's paths to field names", () => {
    expect(toFieldPath("buttons[1].text")).toBe("buttons.1.text");
    expect(toFieldPath("[0].name")).toBe("0.name");
    expect(toFieldPath("attributes.plan", "attributes")).toBe("plan");
  });

  it("reads only well-formed issues", () => {
    expect(
      serverIssues(invalid([{ path: "a", message: "bad" }, { path: 3 }, null, { message: "no path" }])),
    ).toEqual([
      { path: "a", message: "bad" },
      { path: "", message: "no path" },
    ]);
    expect(serverIssues(new Error("x"))).toEqual([]);
    expect(serverIssues(invalid("not a list"))).toEqual([]);
  });

  it("puts known fields on the field and focuses the first; the rest on root.server", () => {
    const setError = vi.fn();
    const onField = applyServerErrors(
      invalid([
        { path: "name", message: "Required" },
        { path: "buttons[0].url", message: "Not a URL" },
        { path: "other", message: "Nope" },
      ]),
      setError,
      {
        fields: ["name", "buttons"],
      },
    );
    expect(onField).toBe(true);
    expect(setError).toHaveBeenCalledWith(
      "name",
      { type: "server", message: "Required" },
      { shouldFocus: true },
    );
    expect(setError).toHaveBeenCalledWith(
      "buttons.0.url",
      { type: "server", message: "Not a URL" },
      { shouldFocus: false },
    );
    expect(setError).toHaveBeenCalledWith("root.server", { type: "server", message: "other: Nope" });
  });

  it("an error without field issues becomes the form's message", () => {
    const setError = vi.fn();
    expect(
      applyServerErrors(new ApiError(409, "CONFLICT", "That name is taken"), setError, { fields: ["name"] }),
    ).toBe(false);
    expect(setError).toHaveBeenCalledWith("root.server", { type: "server", message: "That name is taken" });
  });

  it("places an issue whose path does not name the field where `locate` says", () => {
    const setError = vi.fn();
    const issues = ["body_2 is required", "the template changed"].map((message) => ({
      path: "parameters",
      message,
    }));
    const locate = ({ message }: { message: string }) =>
      message.startsWith("body_2 ") ? "parameters.1.value" : undefined;
    const fields = ["parameters.0.value", "parameters.1.value"];
    expect(applyServerErrors(invalid(issues), setError, { fields, locate })).toBe(true);
    expect(setError.mock.calls).toEqual([
      ["parameters.1.value", { type: "server", message: "body_2 is required" }, { shouldFocus: true }],
      ["root.server", { type: "server", message: "parameters: the template changed" }],
    ]);
  });
});
