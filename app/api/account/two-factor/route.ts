import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { enableTwoFactorSchema, twoFactorCodeSchema } from "@/lib/auth/schemas";
import {
  disableTwoFactor,
  enableTwoFactor,
  getTwoFactorStatus,
  startTwoFactorSetup,
} from "@/lib/auth/two-factor";

const noStore = { headers: { "Cache-Control": "no-store" } };
// Open to an admin who must still enrol (Settings require two-factor sign-in for admins).
const options = { allowWithoutTwoFactor: true };

// GET /api/account/two-factor - my two-factor status, and a fresh secret + otpauth:// URI to enrol with
export const GET = withSession(async (_req, { user }) => {
  const status = await getTwoFactorStatus(user.id);
  return NextResponse.json(
    { status, setup: status.enabled ? null : startTwoFactorSetup(user.email) },
    noStore,
  );
}, options);

// POST /api/account/two-factor - turn it on with the secret and a first code; answers the recovery codes (once)
export const POST = withSession(async (req, { user }) => {
  const input = await parseJsonBody(req, enableTwoFactorSchema);
  return NextResponse.json(await enableTwoFactor(user.id, input), noStore);
}, options);

// DELETE /api/account/two-factor - turn it off ({ code }: a current or recovery code)
export const DELETE = withSession(async (req, { user }) => {
  const { code } = await parseJsonBody(req, twoFactorCodeSchema);
  await disableTwoFactor(user.id, code);
  return NextResponse.json({ ok: true });
});
