import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./content-security-policy";

function directives(csp: string) {
  return Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
}

describe("contentSecurityPolicy", () => {
  const prod = directives(contentSecurityPolicy({ nonce: "abc123", dev: false, behindTls: true }));
  const dev = directives(contentSecurityPolicy({ nonce: "abc123", dev: true, behindTls: false }));

  it("allows scripts only by nonce in production: no 'unsafe-eval', no 'unsafe-inline'", () => {
    expect(prod["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
  });

  it("adds 'unsafe-eval' for next dev only (React's dev tooling)", () => {
    expect(dev["script-src"]).toContain("'unsafe-eval'");
  });

  it("forbids framing, plugins and foreign form targets", () => {
    expect(prod["frame-ancestors"]).toEqual(["'none'"]);
    expect(prod["object-src"]).toEqual(["'none'"]);
    expect(prod["form-action"]).toEqual(["'self'"]);
    expect(prod["base-uri"]).toEqual(["'self'"]);
  });

  it("behind TLS: upgrades requests", () => {
    expect(prod).toHaveProperty("upgrade-insecure-requests");
    expect(dev).not.toHaveProperty("upgrade-insecure-requests");
  });

  it("loads images and media from the app only (customer media is served by the app), never another host", () => {
    for (const policy of [prod, dev]) {
      expect(policy["img-src"]).toEqual(["'self'", "data:", "blob:"]);
      expect(policy["media-src"]).toEqual(["'self'", "blob:"]);
    }
  });
});
