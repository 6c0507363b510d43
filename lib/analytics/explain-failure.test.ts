import { describe, expect, it } from "vitest";
import { ENGINE_CODES } from "../campaigns/states";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { explainFailure } from "./explain-failure";
import { isTimeZone } from "./schemas";

describe("explainFailure", () => {
  it("uses the upstream catalogue for upstream codes", () => {
    const e = explainUpstreamError({ code: "131026" });
    expect(explainFailure("131026", "FAILED")).toEqual({
      code: e.code,
      title: e.title,
      cause: e.cause,
      action: e.action,
      retryable: e.retryable,
    });
  });

  it("names a missing code by the state: interrupted send for UNKNOWN, unspecified for FAILED", () => {
    expect(explainFailure(null, "UNKNOWN")).toMatchObject({
      code: "WORKER_INTERRUPTED",
      title: ENGINE_CODES.WORKER_INTERRUPTED.title,
    });
    expect(explainFailure("", "FAILED").code).toBe(
      explainUpstreamError({ code: "ERROR_CODE_UNSPECIFIED" }).code,
    );
  });
});

describe("isTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/London", true],
    ["America/Argentina/Buenos_Aires", true],
    ["Mars/Olympus", false],
    ["'; DROP TABLE x; --", false],
    ["", false],
  ])("%j -> %j", (tz, ok) => {
    expect(isTimeZone(tz)).toBe(ok);
  });
});
