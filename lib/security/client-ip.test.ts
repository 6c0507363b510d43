import { describe, expect, it } from "vitest";
import { clientIp, REMOTE_ADDRESS_HEADER } from "./client-ip";

// No trusted proxy (the default): no forwarded header is believed.
describe("clientIp", () => {
  it.each([
    [{ [REMOTE_ADDRESS_HEADER]: "203.0.113.7" }, "203.0.113.7"],
    [{ [REMOTE_ADDRESS_HEADER]: "::ffff:127.0.0.1" }, "127.0.0.1"],
    [{ [REMOTE_ADDRESS_HEADER]: "2001:db8::1" }, "2001:db8::1"],
    // The repro of #12 defect 6: a client-written X-Forwarded-For is not the client's address.
    [{ [REMOTE_ADDRESS_HEADER]: "203.0.113.7", "x-forwarded-for": "198.51.100.9" }, "203.0.113.7"],
    [{ "x-forwarded-for": "198.51.100.9" }, null],
    [{ "x-real-ip": "192.0.2.1" }, null],
    [{ [REMOTE_ADDRESS_HEADER]: "not-an-ip" }, null],
    [{}, null],
  ])("%j -> %s", (headers, expected) => {
    expect(clientIp(headers, [])).toBe(expected);
    expect(clientIp(new Headers(headers), [])).toBe(expected);
  });
});
