import { BlockList, isIP } from "node:net";
import { env } from "../env";

// Which peers may speak for the client through X-Forwarded-* headers: only the reverse proxies listed in
// TRUSTED_PROXIES (lib/env.ts; default none). Anyone else could otherwise choose the host (CSRF origin check) or
// the address (sign-in throttling) the app believes. One helper, shared by every reader of those headers.

/** An address as the socket reports it, without the IPv4-mapped IPv6 prefix or an IPv6 zone. */
function plainAddress(address: string): string {
  const unzoned = address.trim().replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unzoned);
  return mapped?.[1] ?? unzoned;
}

/** A matcher for a list of addresses and CIDR networks (already validated by lib/env.ts). */
export function trustedProxyMatcher(entries: readonly string[]): (remoteAddress: string | null | undefined) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const plain = plainAddress(address);
    const type = isIP(plain) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(plain, type);
    else list.addSubnet(plain, Number(prefix), type);
  }
  return (remoteAddress) => {
    if (!remoteAddress || entries.length === 0) return false;
    const plain = plainAddress(remoteAddress);
    const family = isIP(plain);
    return family !== 0 && list.check(plain, family === 6 ? "ipv6" : "ipv4");
  };
}

let cached: { entries: readonly string[]; matches: (address: string | null | undefined) => boolean } | undefined;

/** True when the peer at `remoteAddress` (the socket's address) is a configured reverse proxy. */
export function isTrustedProxy(remoteAddress: string | null | undefined): boolean {
  const entries = env().TRUSTED_PROXIES;
  if (cached?.entries !== entries) cached = { entries, matches: trustedProxyMatcher(entries) };
  return cached.matches(remoteAddress);
}

/** Headers only a trusted proxy may set: dropped from anyone else's request before the app reads them. */
export const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-proto"] as const;

/** Removes PROXY_ONLY_HEADERS from a node:http request that did not come from a trusted proxy. */
export function dropUntrustedForwardedHeaders(req: {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
}): void {
  if (isTrustedProxy(req.socket.remoteAddress)) return;
  for (const name of PROXY_ONLY_HEADERS) delete req.headers[name];
}
