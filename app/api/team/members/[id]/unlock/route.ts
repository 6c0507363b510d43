import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { unlockSignIn } from "@/lib/team/unlock-sign-in";

// POST /api/team/members/:id/unlock - lift the sign-in delays on a member's account (every address)
export const POST = withSession<{ id: string }>(
  async (_req, { user, params }) => NextResponse.json(await unlockSignIn(params.id, user.id)),
  { permission: "team:manage" },
);
