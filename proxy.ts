import { NextResponse, type NextRequest } from "next/server";
import { env } from "./lib/env";
import { contentSecurityPolicy, HSTS_HEADER } from "./lib/security/content-security-policy";

// Per-request security headers of the pages: a Content-Security-Policy with a fresh script nonce (Next reads it
// from the request's CSP header and puts it on its own scripts; this is why every page renders per request), and
// HSTS when the app is served over TLS. The static headers (nosniff, Referrer-Policy, ...) are in next.config.js.
// Auth is not decided here: every page and route handler checks the session itself.

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const config = env();
  const tls = config.behindTls || request.headers.get("x-forwarded-proto") === "https";
  const csp = contentSecurityPolicy({ nonce, dev: config.NODE_ENV === "development", behindTls: tls });

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  // Browsers ignore HSTS on plain http anyway; sending it only over TLS keeps local http setups usable.
  if (tls) response.headers.set("strict-transport-security", HSTS_HEADER);
  return response;
}

export const config = {
  matcher: [
    {
      // API routes answer JSON (their CSP is static, in next.config.js); static files carry no script. Prefetches
      // are matched too: a prefetched document (Purpose: prefetch) may be shown later, and must carry the policy.
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
    },
  ],
};
