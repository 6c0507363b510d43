import { describe, expect, it } from "vitest";
import { safeAuthRedirect, safeCallbackUrl } from "./safe-callback";

describe("safeCallbackUrl", () => {
  it.each([
    ["/inbox", "/inbox"],
    ["/campaigns/abc?tab=recipients#top", "/campaigns/abc?tab=recipients#top"],
    ["/analytics/campaigns/x", "/analytics/campaigns/x"],
    ["/./inbox", "/inbox"],
    ["/a/../templates", "/templates"],
    ["/inbox?next=//evil.example", "/inbox?next=//evil.example"],
    ["/%E2%82%AC", "/%E2%82%AC"],
  ])("keeps the same-site path %j", (input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });

  it.each([
    ["protocol-relative", "//evil.example"],
    ["protocol-relative with path", "//evil.example/inbox"],
    ["triple slash", "///evil.example"],
    ["backslash host", "/\\evil.example"],
    ["double backslash", "\\\\evil.example"],
    ["backslash then slash", "\\/evil.example"],
    ["dot segment to protocol-relative", "/.//evil.example"],
    ["parent segment to protocol-relative", "/a/..//evil.example"],
    ["dot dot at root", "/..//evil.example"],
    ["encoded dot segment", "/%2e//evil.example"],
    ["encoded slash", "/%2f/evil.example"],
    ["encoded slash upper case", "/%2F%2Fevil.example"],
    ["encoded backslash", "/%5cevil.example"],
    ["absolute https", "https://evil.example"],
    ["absolute http", "http://evil.example/inbox"],
    ["scheme-less host", "evil.example"],
    ["javascript", "javascript:alert(1)"],
    ["javascript upper case", "JavaScript:alert(document.cookie)"],
    ["data URL", "data:text/html,<script>alert(1)</script>"],
    ["tab inside", "/\t/evil.example"],
    ["newline inside", "/\n/evil.example"],
    ["carriage return", "/\r/evil.example"],
    ["NUL", "/\u0000/evil.example"],
    ["leading space", " /inbox"],
    ["lone surrogate", "/\ud800"],
    ["empty", ""],
    ["too long", `/${"a".repeat(5000)}`],
  ])("refuses %s (%j)", (_name, input) => {
    expect(safeCallbackUrl(input)).toBe("/");
  });

  it.each([[undefined], [null], [42], [["/inbox", "//evil.example"]], [{ href: "/inbox" }]])(
    "refuses a non-string %j",
    (input) => {
      expect(safeCallbackUrl(input)).toBe("/");
    },
  );

  it("uses the caller's fallback", () => {
    expect(safeCallbackUrl("//evil.example", "/inbox")).toBe("/inbox");
  });

  it("never returns something a browser would read as another host", () => {
    const hostile = ["/.//x", "/\\x", "//x", "/%2e%2e//x", "/.././/x", "/./\\x", "/ /x", "/\u000b/x"];
    for (const input of hostile) {
      const out = safeCallbackUrl(input);
      expect(new URL(out, "https://app.example").origin, input).toBe("https://app.example");
      expect(out.startsWith("//")).toBe(false);
    }
  });
});

describe("safeAuthRedirect (next-auth redirect callback)", () => {
  const base = "https://app.example";
  it.each([
    ["/inbox", "https://app.example/inbox"],
    ["https://app.example/campaigns?x=1", "https://app.example/campaigns?x=1"],
    ["/.//evil.example", "https://app.example/"],
    ["https://evil.example/inbox", "https://app.example/"],
    ["https://app.example.evil.example/", "https://app.example/"],
    ["https://app.example//evil.example", "https://app.example/"],
    ["javascript:alert(1)", "https://app.example/"],
    ["not a url", "https://app.example/"],
  ])("%j -> %j", (url, expected) => {
    expect(safeAuthRedirect(url, base)).toBe(expected);
  });
});
