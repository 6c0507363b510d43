// CSRF defence for cookie-authenticated mutations. The session cookie is SameSite=Lax, so browsers already
// leave it off cross-site POSTs; this check also refuses same-site-but-cross-origin requests (a sibling
// subdomain) and any browser request whose Origin is not this app. Requests without Origin and
// Sec-Fetch-Site (curl, server-to-server) carry no ambient browser credentials worth forging, and pass.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Why the request must be refused, or null when it may proceed. */
export function crossOriginReason(req: Request, publicUrl?: string): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = req.headers.get("origin");
  if (origin) {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return `Origin "${origin.slice(0, 100)}" is not a valid origin.`;
    }
    return allowedHosts(req, publicUrl).has(host.toLowerCase())
      ? null
      : `Requests from ${origin.slice(0, 100)} are not allowed.`;
  }
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    return `Cross-site requests (${site}) are not allowed.`;
  return null;
}

function allowedHosts(req: Request, publicUrl?: string): Set<string> {
  const hosts = new Set<string>();
  const add = (value: string | null | undefined) => {
    const first = value?.split(",")[0]?.trim().toLowerCase();
    if (first) hosts.add(first);
  };
  add(req.headers.get("host"));
  add(req.headers.get("x-forwarded-host"));
  try {
    add(new URL(req.url).host);
  } catch {
    // relative URL in a test double: the headers decide
  }
  if (publicUrl) add(new URL(publicUrl).host);
  return hosts;
}
