import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { revokeInvite } from "@/lib/team/revoke-invite";

// DELETE /api/invites/:id - withdraw a pending invite; its link stops working at once
export const DELETE = withSession<{ id: string }>(
  async (_req, { user, params }) => {
    await revokeInvite(params.id, user.id);
    return NextResponse.json({ ok: true });
  },
  { permission: "team:manage" },
);
