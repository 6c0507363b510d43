import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../env";
import { trustedProxyMatcher } from "./trusted-proxy";

const base = { DATABASE_URL: "postgresql://localhost/x" };

describe("TRUSTED_PROXIES (lib/env.ts)", () => {
  it("defaults to none", () => {
    expect(parseEnv(base).TRUSTED_PROXIES).toEqual([]);
  });

  it("reads comma-separated addresses and networks", () => {
    expect(parseEnv({ ...base, TRUSTED_PROXIES: " 10.0.0.0/8, 127.0.0.1 ,::1,2001:db8::/32," }).TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
      "::1",
      "2001:db8::/32",
    ]);
  });

  it.each(["localhost", "10.0.0.0/33", "10.0.0.1/8/8", "::1/129", "10.0.0", "10.0.0.0/-1", "*"])("refuses %j", (value) => {
    expect(() => parseEnv({ ...base, TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("trustedProxyMatcher", () => {
  const matches = trustedProxyMatcher(["10.0.0.0/8", "192.168.1.5", "::1", "2001:db8::/32"]);

  it.each([
    ["10.1.2.3", true],
    ["::ffff:10.1.2.3", true],
    ["192.168.1.5", true],
    ["192.168.1.6", false],
    ["::1", true],
    ["2001:db8::42", true],
    ["2001:db9::1", false],
    ["11.0.0.1", false],
    ["127.0.0.1", false],
    ["not-an-ip", false],
    ["", false],
    [null, false],
    [undefined, false],
  ])("%j -> %j", (address, expected) => {
    expect(matches(address)).toBe(expected);
  });

  it("trusts nobody when the list is empty", () => {
    const none = trustedProxyMatcher([]);
    expect(none("127.0.0.1")).toBe(false);
    expect(none("::1")).toBe(false);
  });
});

describe("dropUntrustedForwardedHeaders", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function load(trusted: string) {
    vi.stubEnv("DATABASE_URL", "postgresql://localhost/x");
    vi.stubEnv("TRUSTED_PROXIES", trusted);
    vi.resetModules();
    return import("./trusted-proxy");
  }

  const request = (remoteAddress: string) => ({
    socket: { remoteAddress },
    headers: { host: "app.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https", "x-forwarded-for": "1.2.3.4" } as Record<
      string,
      string | undefined
    >,
  });

  it("drops the forwarded host and protocol of a direct client", async () => {
    const { dropUntrustedForwardedHeaders, isTrustedProxy } = await load("");
    const req = request("203.0.113.9");
    dropUntrustedForwardedHeaders(req);
    expect(isTrustedProxy("203.0.113.9")).toBe(false);
    expect(req.headers).toEqual({ host: "app.example", "x-forwarded-for": "1.2.3.4" });
  });

  it("keeps them from a configured proxy", async () => {
    const { dropUntrustedForwardedHeaders } = await load("10.0.0.0/8");
    const req = request("::ffff:10.0.0.7");
    dropUntrustedForwardedHeaders(req);
    expect(req.headers["x-forwarded-host"]).toBe("evil.example");
    expect(req.headers["x-forwarded-proto"]).toBe("https");
  });
});
