import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { env } from "@/lib/env";
import { inviteMember } from "@/lib/team/invite-member";
import { invitePath } from "@/lib/team/invite-token";
import { inviteMemberSchema } from "@/lib/team/schemas";

// POST /api/invites - invite someone by email with a role; answers the link (shown once) for the admin to copy
export const POST = withSession(
  async (req, { user }) => {
    const { invite, token } = await inviteMember(await parseJsonBody(req, inviteMemberSchema), user.id);
    const url = new URL(invitePath(token), env().publicUrl ?? new URL(req.url).origin).toString();
    return NextResponse.json({ invite, url }, { status: 201, headers: { "Cache-Control": "no-store" } });
  },
  { permission: "team:manage" },
);
