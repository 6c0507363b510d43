import { beforeEach, expect } from "vitest";

// Every test in every project must assert something: a test that returns early (or whose assertions sit in a
// callback that never runs) fails with "expected any number of assertion, but got none" instead of passing.
beforeEach(() => {
  expect.hasAssertions();
});
