import { encode } from "next-auth/jwt";

// Real sessions for route handlers: a next-auth JWT cookie minted with the test NEXTAUTH_SECRET, decoded by the same
// code as in production (lib/auth/session.ts getRequestUser). No test-only branch in the app.
// The env values are set before lib/env.ts first parses process.env (it does so lazily, on first use).
process.env.NEXTAUTH_SECRET ??= "integration-nextauth-secret-0123456789abcdef";
process.env.SETTINGS_ENCRYPTION_KEY ??= "integration-settings-encryption-key-0123456789";

export type TestRole = "ADMIN" | "CAMPAIGN_MANAGER" | "AGENT";
export const TEST_ROLES: TestRole[] = ["ADMIN", "CAMPAIGN_MANAGER", "AGENT"];

// argon2id of "correct horse battery staple", computed once: hashing per test would cost ~50 ms each.
let passwordHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct horse battery staple";

let seq = 0;
export async function createUser(
  role: TestRole,
  overrides: { email?: string; name?: string; active?: boolean } = {},
) {
  const { db } = await import("../../lib/db");
  const { hashPassword } = await import("../../lib/auth/password");
  passwordHash ??= hashPassword(TEST_PASSWORD);
  seq++;
  return db.user.create({
    data: {
      email: overrides.email ?? `${role.toLowerCase()}-${seq}-${Date.now()}@example.test`,
      name: overrides.name ?? `${role} ${seq}`,
      role,
      active: overrides.active ?? true,
      passwordHash: await passwordHash,
    },
    select: { id: true, email: true, name: true, role: true },
  });
}

/** The Cookie header of a signed-in browser, as next-auth would have set it at sign-in. */
export async function sessionCookie(
  user: { id: string; role: string },
  signedInAt = Date.now(),
): Promise<string> {
  const { createSession } = await import("../../lib/auth/sessions");
  const sid = await createSession(user.id, { ip: null, userAgent: "vitest" });
  const token = await encode({
    token: { sub: user.id, uid: user.id, role: user.role as TestRole, signedInAt, sid },
    secret: process.env.NEXTAUTH_SECRET!,
  });
  return `next-auth.session-token=${token}`;
}

/** A request as the browser sends it from the dashboard (same origin). */
export function request(
  path: string,
  init: { method?: string; cookie?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = {
    ...(init.cookie ? { cookie: init.cookie } : {}),
    ...init.headers,
  };
  if (init.body !== undefined) headers["content-type"] ??= "application/json";
  return new Request(`http://localhost${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === "string"
          ? init.body
          : JSON.stringify(init.body),
  });
}

export const ctx = <P extends Record<string, unknown>>(params: P = {} as P) => ({
  params: Promise.resolve(params),
});

export async function json<T = Record<string, unknown>>(
  response: Response,
): Promise<{ status: number; body: T }> {
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
