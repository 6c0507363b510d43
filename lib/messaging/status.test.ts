import { describe, expect, it } from "vitest";
import { MESSAGE_STATUSES, nextStatus, type MessageStatusName } from "./status";

describe("nextStatus", () => {
  it.each<[MessageStatusName, MessageStatusName, MessageStatusName]>([
    ["QUEUED", "SENT", "SENT"],
    ["SENT", "DELIVERED", "DELIVERED"],
    ["DELIVERED", "READ", "READ"],
    ["READ", "DELIVERED", "READ"], // late delivered never downgrades
    ["READ", "SENT", "READ"],
    ["SENT", "FAILED", "FAILED"],
    ["FAILED", "SENT", "FAILED"], // a late sent cannot hide a failure
    ["DELIVERED", "FAILED", "DELIVERED"], // failure only applies below delivered
    ["READ", "FAILED", "READ"],
    ["FAILED", "READ", "READ"],
  ])("%s + %s = %s", (current, incoming, expected) => {
    expect(nextStatus(current, incoming)).toBe(expected);
  });

  it("is idempotent and order-independent over any sequence", () => {
    for (const a of MESSAGE_STATUSES) {
      for (const b of MESSAGE_STATUSES) {
        expect(nextStatus(nextStatus("QUEUED", a), b)).toBe(nextStatus(nextStatus("QUEUED", b), a));
        expect(nextStatus(nextStatus("QUEUED", a), a)).toBe(nextStatus("QUEUED", a));
      }
    }
  });
});
