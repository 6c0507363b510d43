import { createHash, timingSafeEqual } from "node:crypto";

// Who may read the metrics: whoever presents the token (METRICS_TOKEN, passed in by the caller) as a bearer token. Without a token configured the
// endpoint does not exist (404): nothing to guess, and nothing about the deployment is given away.

export type MetricsAccess = "allowed" | "not-configured" | "unauthorized";

export function metricsAccess(
  authorization: string | null | undefined,
  token: string | undefined,
): MetricsAccess {
  if (!token) return "not-configured";
  const presented = /^Bearer (.+)$/i.exec(authorization?.trim() ?? "")?.[1] ?? "";
  // Compared as fixed-length digests: constant time whatever the presented length.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(presented), digest(token)) ? "allowed" : "unauthorized";
}
