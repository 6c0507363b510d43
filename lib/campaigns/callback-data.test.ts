import { describe, expect, it } from "vitest";
import { callbackDataSchema } from "../connectly/schemas";
import { campaignCallbackData, campaignRecipientRef } from "./callback-data";

describe("campaign callbackData", () => {
  it("round-trips and stays far below Connectly's 1024 bytes", () => {
    const data = campaignCallbackData({
      campaignId: "cmwwecnvr0000aj7dv4w6y90l",
      recipientId: "3f0b8a44-5a0e-4d43-9b0e-4a1e0f0e2c11",
    });
    expect(campaignRecipientRef(JSON.parse(JSON.stringify(data)))).toEqual({
      campaignId: "cmwwecnvr0000aj7dv4w6y90l",
      recipientId: "3f0b8a44-5a0e-4d43-9b0e-4a1e0f0e2c11",
    });
    expect(callbackDataSchema.safeParse(data).success).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(data))).toBeLessThan(200);
  });

  it.each([
    null,
    "campaign",
    [],
    { ticketId: "T-1" },
    { kind: "ticket", campaignId: "c1", recipientId: "r1" }, // well-formed ids, but not ours
    { campaignId: "c1", recipientId: "r1" },
    { kind: "campaign", campaignId: 1, recipientId: "r" },
    { kind: "campaign", campaignId: "c1", recipientId: 2 },
    { kind: "campaign", campaignId: "a b", recipientId: "r" },
  ])("ignores %j", (value) => expect(campaignRecipientRef(value)).toBeNull());
});
