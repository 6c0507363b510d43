import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { twoFactorCodeSchema } from "@/lib/auth/schemas";
import { regenerateRecoveryCodes } from "@/lib/auth/two-factor";

// POST /api/account/two-factor/recovery-codes - new recovery codes ({ code }); the old ones stop working
export const POST = withSession(async (req, { user }) => {
  const { code } = await parseJsonBody(req, twoFactorCodeSchema);
  return NextResponse.json(await regenerateRecoveryCodes(user.id, code), {
    headers: { "Cache-Control": "no-store" },
  });
});
