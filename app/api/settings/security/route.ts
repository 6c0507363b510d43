import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getSecuritySettings } from "@/lib/settings/get-security-settings";
import { updateSecuritySettingsSchema } from "@/lib/settings/schemas";
import { updateSecuritySettings } from "@/lib/settings/update-security-settings";

// GET /api/settings/security - idle timeout and the admin two-factor rule
export const GET = withSession(async () => NextResponse.json({ security: await getSecuritySettings() }), {
  permission: "settings:manage",
});

// PATCH /api/settings/security - change them ({ sessionIdleMinutes: number | null, requireAdminTwoFactor })
export const PATCH = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, updateSecuritySettingsSchema);
    return NextResponse.json({ security: await updateSecuritySettings(input, user.id) });
  },
  { permission: "settings:manage" },
);
