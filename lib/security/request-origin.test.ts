import { describe, expect, it } from "vitest";
import { crossOriginReason } from "./request-origin";

function req(method: string, headers: Record<string, string>, url = "http://localhost:3000/api/team") {
  return new Request(url, { method, headers });
}

describe("crossOriginReason (CSRF check of cookie-authenticated mutations)", () => {
  it.each([
    [
      "a GET from anywhere",
      req("GET", { origin: "https://evil.example", "sec-fetch-site": "cross-site" }),
      null,
    ],
    ["a same-origin POST", req("POST", { origin: "http://localhost:3000", host: "localhost:3000" }), null],
    [
      "a POST through a proxy (x-forwarded-host)",
      req(
        "POST",
        { origin: "https://app.example.com", host: "10.0.0.5:3000", "x-forwarded-host": "app.example.com" },
        "http://10.0.0.5:3000/api/x",
      ),
      null,
    ],
    ["a POST without Origin from a non-browser client", req("POST", {}), null],
    [
      "a POST typed into the address bar (Sec-Fetch-Site: none)",
      req("POST", { "sec-fetch-site": "none" }),
      null,
    ],
  ])("allows %s", (_label, request, expected) => {
    expect(crossOriginReason(request)).toBe(expected);
  });

  it.each([
    ["another site's Origin", req("DELETE", { origin: "https://evil.example", host: "localhost:3000" })],
    [
      "a sibling subdomain",
      req(
        "PATCH",
        { origin: "https://evil.app.example.com", host: "app.example.com" },
        "https://app.example.com/api/x",
      ),
    ],
    ["Origin: null (sandboxed frame, data: URL)", req("POST", { origin: "null", host: "localhost:3000" })],
    ["no Origin but Sec-Fetch-Site: cross-site", req("POST", { "sec-fetch-site": "cross-site" })],
    ["no Origin but Sec-Fetch-Site: same-site", req("POST", { "sec-fetch-site": "same-site" })],
  ])("refuses %s", (_label, request) => {
    expect(crossOriginReason(request)).toMatch(/not allowed|not a valid origin/);
  });

  it("accepts the configured public URL's host", () => {
    const request = req(
      "POST",
      { origin: "https://dash.example.com", host: "internal:3000" },
      "http://internal:3000/api/x",
    );
    expect(crossOriginReason(request)).not.toBeNull();
    expect(crossOriginReason(request, "https://dash.example.com")).toBeNull();
  });
});
