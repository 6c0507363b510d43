import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEV_WEBHOOK_SECRET } from "../env";
import {
  acceptedWebhookSecrets,
  SIGNATURE_HEADER,
  signWebhookBody,
  verifyWebhookSignature,
  verifyWebhookSignatureWithAny,
  webhookSecretRefusal,
} from "./signature";

// Contract §5.3 / §14: x-connectly-hmac-sha256 = Base64(HMAC-SHA256(secret, raw body)), compared in constant time.

const SECRET = "whsec_unit_test";
const BODY = '{"topic":"messages","message":{"text":"hi"}}';
const reference = (secret: string, body: string) =>
  createHmac("sha256", secret).update(body).digest("base64");

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

const now = new Date("2026-12-06T12:00:00Z");
const later = new Date(now.getTime() + 3_600_000);
const earlier = new Date(now.getTime() - 1);

describe("webhook secrets in effect", () => {
  it("refuses every webhook in live mode while the secret is the public default (#12 defect 4)", () => {
    expect(webhookSecretRefusal({ current: DEV_WEBHOOK_SECRET, live: true })).toMatch(/public default/);
    expect(webhookSecretRefusal({ current: DEV_WEBHOOK_SECRET, live: false })).toBeNull();
    expect(webhookSecretRefusal({ current: "whsec_real_secret", live: true })).toBeNull();
  });

  it.each([
    ["no previous secret", { previous: null, previousUntil: null, live: true }, ["new_secret"]],
    [
      "previous within its grace",
      { previous: "old_secret", previousUntil: later, live: true },
      ["new_secret", "old_secret"],
    ],
    [
      "previous after its grace",
      { previous: "old_secret", previousUntil: earlier, live: true },
      ["new_secret"],
    ],
    [
      "the public default as previous, live",
      { previous: DEV_WEBHOOK_SECRET, previousUntil: later, live: true },
      ["new_secret"],
    ],
    [
      "the public default as previous, simulator",
      { previous: DEV_WEBHOOK_SECRET, previousUntil: later, live: false },
      ["new_secret", DEV_WEBHOOK_SECRET],
    ],
  ])("%s", (_label, rest, expected) => {
    expect(acceptedWebhookSecrets({ current: "new_secret", ...rest }, now)).toEqual(expected);
  });

  it("accepts a signature made with any of the accepted secrets, and no other", () => {
    const body = '{"a":1}';
    const secrets = ["new_secret", "old_secret"];
    expect(verifyWebhookSignatureWithAny(secrets, body, signWebhookBody("old_secret", body))).toBe(true);
    expect(verifyWebhookSignatureWithAny(secrets, body, signWebhookBody("new_secret", body))).toBe(true);
    expect(verifyWebhookSignatureWithAny(secrets, body, signWebhookBody("other_secret", body))).toBe(false);
    expect(verifyWebhookSignatureWithAny(secrets, body, null)).toBe(false);
  });
});
