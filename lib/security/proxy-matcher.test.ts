import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { describe, expect, it } from "vitest";
import { config } from "../../proxy";

// proxy.ts sets the pages' Content-Security-Policy; a request its matcher skips gets no policy at all.
describe("proxy.ts matcher", () => {
  it.each([
    ["a page", "/inbox", {}],
    ["a router prefetch", "/inbox", { "next-router-prefetch": "1", rsc: "1" }],
    ["a browser prefetch", "/campaigns", { purpose: "prefetch" }],
    ["a speculative prefetch", "/templates", { "sec-purpose": "prefetch" }],
    ["the login page", "/login", {}],
  ])("runs for %s", (_name, url, headers) => {
    expect(unstable_doesMiddlewareMatch({ config, url, headers })).toBe(true);
  });

  it.each(["/api/conversations", "/_next/static/chunks/app.js", "/favicon.ico"])("skips %s", (url) => {
    expect(unstable_doesMiddlewareMatch({ config, url })).toBe(false);
  });
});
