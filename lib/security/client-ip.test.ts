import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  it.each([
    [{ "x-forwarded-for": "203.0.113.7" }, "203.0.113.7"],
    // The last entry is the one the nearest proxy (or next start) added; earlier ones are the client's to invent.
    [{ "x-forwarded-for": "1.2.3.4, 198.51.100.9" }, "198.51.100.9"],
    [{ "x-forwarded-for": "::ffff:127.0.0.1" }, "127.0.0.1"],
    [{ "x-forwarded-for": "2001:db8::1" }, "2001:db8::1"],
    [{ "x-real-ip": "192.0.2.1" }, "192.0.2.1"],
    [{ "x-forwarded-for": "not-an-ip" }, null],
    [{}, null],
  ])("%j -> %s", (headers, expected) => {
    expect(clientIp(headers)).toBe(expected);
    expect(clientIp(new Headers(headers))).toBe(expected);
  });
});
