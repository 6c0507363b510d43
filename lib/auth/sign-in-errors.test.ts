import { describe, expect, it } from "vitest";
import { lockedErrorCode, signInErrorMessage, UNAVAILABLE_ERROR } from "./sign-in-errors";

describe("sign-in error messages", () => {
  it.each([
    [15 * 60_000, "Too many attempts. Try again in 15 minutes."],
    [14 * 60_000 + 1000, "Too many attempts. Try again in 15 minutes."],
    [15 * 60_000 + 400, "Too many attempts. Try again in 15 minutes."],
    [60_000, "Too many attempts. Try again in 1 minute."],
    [30_000, "Too many attempts. Try again in 30 seconds."],
    [15_400, "Too many attempts. Try again in 15 seconds."],
  ])("a lock of %i ms reads %j", (ms, text) => {
    expect(signInErrorMessage(lockedErrorCode(ms))).toBe(text);
  });

  it.each([["CredentialsSignin"], [null], ["locked:abc"]])("%j gets a readable message", (code) => {
    expect(signInErrorMessage(code)).toMatch(/do not match|Try again in 15 minutes/);
  });

  it("says when the database is down instead of blaming the password", () => {
    expect(signInErrorMessage(UNAVAILABLE_ERROR)).toMatch(/unavailable/);
  });
});
