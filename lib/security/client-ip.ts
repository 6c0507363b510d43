import { env } from "../env";
import { clientAddress } from "./trusted-proxy";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The socket's peer address, as scripts/server.ts stamps it on every request it hands to Next (it overwrites
 * whatever a client sent under this name). Route handlers and next-auth's `authorize` only see headers, so this
 * is how they learn who is on the other end of the connection.
 */
export const REMOTE_ADDRESS_HEADER = "x-connectly-remote-address";

function header(source: HeaderSource, name: string): string | undefined {
  if (source instanceof Headers) return source.get(name) ?? undefined;
  const value = source[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The client's address: the socket peer, or what a trusted proxy (TRUSTED_PROXIES) says in X-Forwarded-For
 * (lib/security/trusted-proxy.ts). Null when the app runs without scripts/server.ts (`next dev`), where the peer is
 * unknown: the sign-in throttle then counts all such requests as one unknown address.
 */
export function clientIp(headers: HeaderSource, proxies?: readonly string[]): string | null {
  const remote = header(headers, REMOTE_ADDRESS_HEADER);
  if (!remote) return null;
  return clientAddress(remote, headers, proxies ?? env().TRUSTED_PROXIES);
}

export function userAgent(headers: HeaderSource): string | null {
  return header(headers, "user-agent")?.slice(0, 300) ?? null;
}
