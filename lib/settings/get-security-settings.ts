import "server-only";
import { DEFAULT_SESSION_IDLE_MINUTES } from "../auth/sessions";
import { db } from "../db";

// Sign-in and session rules set on the Settings page (Security): the idle timeout and whether admins must use
// two-factor sign-in. Read from the database each time (one small row); the session check reads the same
// columns in its own statement (lib/auth/sessions.ts).

export type SecuritySettingsView = {
  sessionIdleMinutes: number;
  sessionIdleSource: "saved" | "default";
  defaultSessionIdleMinutes: number;
  requireAdminTwoFactor: boolean;
};

export async function getSecuritySettings(): Promise<SecuritySettingsView> {
  const row = await db.workspace.findFirst({
    orderBy: { createdAt: "asc" },
    select: { sessionIdleMinutes: true, requireAdminTwoFactor: true },
  });
  return {
    sessionIdleMinutes: row?.sessionIdleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES,
    sessionIdleSource: row?.sessionIdleMinutes ? "saved" : "default",
    defaultSessionIdleMinutes: DEFAULT_SESSION_IDLE_MINUTES,
    requireAdminTwoFactor: row?.requireAdminTwoFactor ?? false,
  };
}
