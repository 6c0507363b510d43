import { isIP } from "node:net";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's address as the nearest proxy saw it: the last X-Forwarded-For entry. `next start` fills the header
 * with the socket address only when it is absent, so without a reverse proxy in front a client can choose its
 * own value; behind one (nginx, a load balancer: what TLS needs anyway) the last entry is the proxy's view.
 */
export function clientIp(headers: HeaderSource): string | null {
  const forwarded = header(headers, "x-forwarded-for");
  const candidate = forwarded?.split(",").at(-1)?.trim() ?? header(headers, "x-real-ip")?.trim();
  if (!candidate) return null;
  const address =
    candidate.startsWith("::ffff:") && isIP(candidate.slice(7)) === 4 ? candidate.slice(7) : candidate;
  return isIP(address) ? address : null;
}

export function userAgent(headers: HeaderSource): string | null {
  return header(headers, "user-agent")?.slice(0, 300) ?? null;
}
