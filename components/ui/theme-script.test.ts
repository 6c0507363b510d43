import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "@/lib/security/content-security-policy";
import { nonceFromCsp, THEME_SCRIPT, THEME_STORAGE_KEY } from "./theme-script";

/** Runs the inline script against a stand-in document, storage and media query; returns whether it set "dark". */
function run(saved: string | null, systemDark: boolean, storageThrows = false): boolean {
  const classes = new Set<string>(["dark"]); // stale class: the script must also remove it
  const window = {
    matchMedia: (query: string) => ({ matches: query === "(prefers-color-scheme: dark)" && systemDark }),
  };
  const localStorage = {
    getItem: (key: string) => {
      if (storageThrows) throw new Error("SecurityError");
      return key === THEME_STORAGE_KEY ? saved : null;
    },
  };
  const document = {
    documentElement: {
      classList: { toggle: (name: string, on: boolean) => (on ? classes.add(name) : classes.delete(name)) },
    },
  };
  new Function("window", "localStorage", "document", THEME_SCRIPT)(window, localStorage, document);
  return classes.has("dark");
}

describe("the theme script (runs before paint)", () => {
  it.each([
    [null, false, false],
    [null, true, true],
    ["system", true, true],
    ["light", true, false],
    ["dark", false, true],
    ["nonsense", true, true],
  ])("saved %s, system dark %s -> dark %s", (saved, systemDark, dark) => {
    expect(run(saved, systemDark)).toBe(dark);
  });

  it("leaves the page as rendered when storage is blocked, without throwing", () => {
    expect(run("dark", false, true)).toBe(true); // the stand-in starts dark; nothing was changed
  });

  it("finds the nonce of the policy proxy.ts sets, and nothing in a policy without one", () => {
    const nonce = Buffer.from("0123456789abcdef").toString("base64");
    expect(nonceFromCsp(contentSecurityPolicy({ nonce, dev: false, behindTls: true }))).toBe(nonce);
    expect(nonceFromCsp("default-src 'self'")).toBeUndefined();
    expect(nonceFromCsp(null)).toBeUndefined();
  });

  it("the policy lets the service worker and the manifest load from the app itself", () => {
    const csp = contentSecurityPolicy({ nonce: "x", dev: false, behindTls: false });
    expect(csp).toMatch(/worker-src 'self'/);
    expect(csp).toMatch(/default-src 'self'/); // manifest-src falls back to it
    expect(csp).not.toMatch(/manifest-src/);
  });
});
