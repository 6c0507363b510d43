import { BlockList, isIP } from "node:net";
import { env, parseProxyEntry } from "../env";

// Which hop's word about the client is believed. Only a reverse proxy listed in TRUSTED_PROXIES may speak for
// the client in X-Forwarded-*; without one the socket's own address is the client (a client can write any
// X-Forwarded-For it likes). No "server-only" marker: scripts/server.ts (plain Node) uses it too.

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

let cached: { source: readonly string[]; list: BlockList } | undefined;

function trustedList(entries: readonly string[]): BlockList {
  if (cached?.source === entries) return cached.list;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) continue; // lib/env.ts refuses malformed entries at start-up
    list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  cached = { source: entries, list };
  return list;
}

/** "::ffff:10.0.0.1" → "10.0.0.1": one spelling per IPv4 client, whichever socket family accepted it. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  const address = value.startsWith("::ffff:") && isIP(value.slice(7)) === 4 ? value.slice(7) : value;
  return isIP(address) ? address : null;
}

export function isTrustedProxy(
  remoteAddress: string | null | undefined,
  proxies: readonly string[] = env().TRUSTED_PROXIES,
): boolean {
  const address = normalizeAddress(remoteAddress);
  if (!address || proxies.length === 0) return false;
  return trustedList(proxies).check(address, isIP(address) === 4 ? "ipv4" : "ipv6");
}

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value.join(",") : value;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy, in which case X-Forwarded-For is
 * read from the right, skipping further trusted proxies, and the first untrusted hop is the client. Entries left
 * of it were written by the client and are ignored. Null when the peer is unknown.
 */
export function clientAddress(
  remoteAddr: string | null | undefined,
  headers: HeaderSource,
  proxies: readonly string[] = env().TRUSTED_PROXIES,
): string | null {
  let current = normalizeAddress(remoteAddr);
  if (!current) return null;
  const hops = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  while (isTrustedProxy(current, proxies)) {
    const next = hops.pop();
    if (next === undefined) break;
    const address = normalizeAddress(next);
    if (!address) break; // a garbled hop: the last proxy we trust is as far as we can see
    current = address;
  }
  return current;
}

/** Headers only a trusted proxy may set (CSRF origin check, absolute URLs): dropped from anyone else's request. */
export const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-proto"] as const;

/** Removes PROXY_ONLY_HEADERS from a node:http request that did not come from a trusted proxy. */
export function dropUntrustedForwardedHeaders(req: {
  headers: Record<string, string | string[] | undefined>;
  socket: { remoteAddress?: string | undefined };
}): void {
  if (isTrustedProxy(req.socket.remoteAddress)) return;
  for (const name of PROXY_ONLY_HEADERS) delete req.headers[name];
}
