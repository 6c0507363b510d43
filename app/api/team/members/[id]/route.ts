import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { updateTeamMemberSchema } from "@/lib/team/schemas";
import { updateTeamMember } from "@/lib/team/update-team-member";

// PATCH /api/team/members/:id - change a member's role ({ role }) or deactivate / reactivate them ({ active })
export const PATCH = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, updateTeamMemberSchema);
    return NextResponse.json({ member: await updateTeamMember(params.id, input, user.id) });
  },
  { permission: "team:manage" },
);
