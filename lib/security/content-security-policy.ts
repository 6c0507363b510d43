// The Content-Security-Policy of every page (set per request by proxy.ts, with a fresh nonce).
// Scripts: only those carrying the nonce ('strict-dynamic' lets them load Next's chunks); no 'unsafe-inline' and,
// in production, no 'unsafe-eval' (React's dev tooling needs eval, so `next dev` gets it).
// Styles keep 'unsafe-inline': React style attributes cannot carry a nonce, and CSS cannot run script.
// Images and media come from the app only: customer media (hosted anywhere) is fetched and served by the app
// (lib/media/message-media.ts), so an agent's browser never loads it from another host. data:/blob: are local
// (the composer previews a picked file from a blob: URL).

export function contentSecurityPolicy(options: { nonce: string; dev: boolean; behindTls: boolean }): string {
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      ...(options.dev ? ["'unsafe-eval'"] : []),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    ["media-src", "'self'", "blob:"],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...(options.dev ? ["ws:", "wss:"] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
    ["worker-src", "'self'", "blob:"],
    ...(options.behindTls ? ([["upgrade-insecure-requests"]] as [string][]) : []),
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

export const HSTS_HEADER = "max-age=31536000; includeSubDomains";
