import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEnv } from "../env";
import { clientAddress, isTrustedProxy } from "./trusted-proxy";

const proxies = ["10.0.0.0/8", "192.0.2.10", "2001:db8::/32"];

describe("isTrustedProxy", () => {
  it.each([
    ["10.1.2.3", true],
    ["::ffff:10.1.2.3", true],
    ["192.0.2.10", true],
    ["192.0.2.11", false],
    ["2001:db8::5", true],
    ["2001:db9::5", false],
    ["not-an-ip", false],
  ])("%s -> %s", (address, expected) => {
    expect(isTrustedProxy(address, proxies)).toBe(expected);
  });

  it("trusts nobody by default", () => {
    expect(isTrustedProxy("127.0.0.1", [])).toBe(false);
  });
});

describe("clientAddress", () => {
  it.each([
    // No trusted proxy: the socket peer, whatever the client wrote.
    ["203.0.113.7", { "x-forwarded-for": "198.51.100.1" }, [], "203.0.113.7"],
    ["::ffff:203.0.113.7", {}, [], "203.0.113.7"],
    // Through a trusted proxy: the last hop it reports; client-written entries to its left are ignored.
    ["10.0.0.5", { "x-forwarded-for": "1.2.3.4, 198.51.100.9" }, proxies, "198.51.100.9"],
    // Two trusted proxies in a row.
    ["10.0.0.5", { "x-forwarded-for": "1.2.3.4, 198.51.100.9, 192.0.2.10" }, proxies, "198.51.100.9"],
    // A trusted proxy that forwarded nothing: itself.
    ["10.0.0.5", {}, proxies, "10.0.0.5"],
    // A garbled hop: stop at the last address we can trust.
    ["10.0.0.5", { "x-forwarded-for": "garbage" }, proxies, "10.0.0.5"],
    // An untrusted peer cannot speak for anyone.
    ["203.0.113.7", { "x-forwarded-for": "198.51.100.9" }, proxies, "203.0.113.7"],
    [null, { "x-forwarded-for": "198.51.100.9" }, proxies, null],
  ])("%s %j (%j) -> %s", (remote, headers, trusted, expected) => {
    expect(clientAddress(remote, headers, trusted)).toBe(expected);
    expect(clientAddress(remote, new Headers(headers), trusted)).toBe(expected);
  });
});

describe("TRUSTED_PROXIES", () => {
  const base = { DATABASE_URL: "postgresql://x@localhost/db" };
  it("parses a comma-separated list and defaults to none", () => {
    expect(parseEnv(base).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ ...base, TRUSTED_PROXIES: " 10.0.0.0/8 , ::1 " }).TRUSTED_PROXIES).toEqual([
      "10.0.0.0/8",
      "::1",
    ]);
  });
  it.each(["10.0.0.0/33", "example.com", "10.0.0.1/8/1", "10.0.0.0/x"])("refuses %s", (value) => {
    expect(() => parseEnv({ ...base, TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("TRUSTED_PROXIES refuses malformed entries", () => {
  const base = { DATABASE_URL: "postgresql://localhost/x" };
  it.each(["localhost", "10.0.0.0/33", "10.0.0.1/8/8", "::1/129", "10.0.0", "10.0.0.0/-1", "*"])(
    "refuses %j",
    (value) => {
      expect(() => parseEnv({ ...base, TRUSTED_PROXIES: value })).toThrow(/TRUSTED_PROXIES/);
    },
  );
});

describe("isTrustedProxy over a mixed list", () => {
  const list = ["10.0.0.0/8", "192.168.1.5", "::1", "2001:db8::/32"];
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
    expect(isTrustedProxy(address, list)).toBe(expected);
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
    headers: {
      host: "app.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
      "x-forwarded-for": "1.2.3.4",
    } as Record<string, string | undefined>,
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
