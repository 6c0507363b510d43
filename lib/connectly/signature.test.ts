import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SIGNATURE_HEADER, signWebhookBody, verifyWebhookSignature } from "./signature";

// Contract §5.3 / §14: x-connectly-hmac-sha256 = Base64(HMAC-SHA256(secret, raw body)), compared in constant time.

const SECRET = "whsec_unit_test";
const BODY = '{"topic":"messages","message":{"text":"hi"}}';
const reference = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("base64");

describe("webhook signature", () => {
  it("names the contract's header", () => {
    expect(SIGNATURE_HEADER).toBe("x-connectly-hmac-sha256");
  });

  it("signs as Base64(HMAC-SHA256(secret, raw body)), for strings and bytes alike", () => {
    expect(signWebhookBody(SECRET, BODY)).toBe(reference(SECRET, BODY));
    expect(signWebhookBody(SECRET, Buffer.from(BODY))).toBe(reference(SECRET, BODY));
  });

  it("accepts the right signature (surrounding spaces ignored)", () => {
    expect(verifyWebhookSignature(SECRET, BODY, reference(SECRET, BODY))).toBe(true);
    expect(verifyWebhookSignature(SECRET, Buffer.from(BODY), ` ${reference(SECRET, BODY)} `)).toBe(true);
  });

  it.each([
    ["missing", null],
    ["undefined", undefined],
    ["empty", ""],
    ["another secret's", reference("other-secret", BODY)],
    ["another body's", reference(SECRET, `${BODY} `)],
    ["truncated", reference(SECRET, BODY).slice(0, -1)],
    ["extended", `${reference(SECRET, BODY)}A`],
    ["one character changed", reference(SECRET, BODY).replace(/^./, (c) => (c === "A" ? "B" : "A"))],
    ["hex instead of base64", createHmac("sha256", SECRET).update(BODY).digest("hex")],
  ])("refuses a %s signature", (_what, header) => {
    expect(verifyWebhookSignature(SECRET, BODY, header)).toBe(false);
  });
});
