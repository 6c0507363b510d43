import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { listTeam } from "@/lib/team/read-models";

// GET /api/team - members (active first) and pending or recently expired invites
export const GET = withSession(async () => NextResponse.json(await listTeam()), {
  permission: "team:manage",
});
