import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../db-errors";

describe("isDatabaseUnavailable", () => {
  it.each([
    [{ code: "P1001" }, true],
    [{ code: "P2024" }, true],
    // Pool exhausted under a burst of concurrent webhooks: a transaction could not start in time.
    [
      { code: "P2028", message: "Transaction API error: Unable to start a transaction in the given time." },
      true,
    ],
    [{ code: "ECONNREFUSED" }, true],
    [{ message: "boom", cause: { code: "57P01" } }, true],
    [{ code: "P2002" }, false],
    [new Error("something else"), false],
    [null, false],
  ])("%j -> %j", (error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
