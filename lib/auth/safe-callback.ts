// Where to go after sign-in. Only a path on this site is accepted: an open redirect after login is a phishing
// tool. Browsers read "//host", "/\host" and "/\t/host" as other hosts, and the URL parser turns "/.//host" into
// the path "//host", so the check runs on the resolved path as well as on the raw text. Pure (client and server).

const DEFAULT_CALLBACK = "/";
const MAX_LENGTH = 2048;
const BASE = "http://same-origin.invalid";

/** A same-origin relative path (path, query, hash) or `fallback`. Never throws, whatever it is given. */
export function safeCallbackUrl(value: unknown, fallback: string = DEFAULT_CALLBACK): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  // Backslashes count as slashes in http URLs; tabs and newlines are silently dropped by the parser.
  if (!value.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  if (!value.isWellFormed()) return fallback;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return fallback;
  }
  if (resolved.origin !== BASE) return fallback;
  // "/.//x" and "/a/..//x" resolve to "//x"; an encoded slash or backslash right after the first one is refused too.
  if (/^\/(\/|\\|%2f|%5c)/i.test(resolved.pathname)) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/**
 * next-auth's redirect callback: relative paths and absolute URLs of this site's own origin become a safe path on
 * `baseUrl`; anything else goes to `baseUrl`.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  let path: unknown = url;
  if (!url.startsWith("/")) {
    try {
      const absolute = new URL(url);
      path =
        absolute.origin === new URL(base).origin
          ? `${absolute.pathname}${absolute.search}${absolute.hash}`
          : null;
    } catch {
      path = null;
    }
  }
  return `${base}${safeCallbackUrl(path)}`;
}
