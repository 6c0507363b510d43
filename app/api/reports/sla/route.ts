import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { slaTargetsSchema } from "@/lib/reports/schemas";
import { getSlaTargets, updateSlaTargets } from "@/lib/reports/sla-targets";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/reports/sla - the support targets (minutes to first response, hours to resolution; null = none)
export const GET = withSession(async () => NextResponse.json({ targets: await getSlaTargets() }, noStore), {
  permission: "reports:read",
});

// PUT /api/reports/sla - set both targets (null switches one off); audit-logged
export const PUT = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, slaTargetsSchema);
    return NextResponse.json({ targets: await updateSlaTargets(input, user.id) }, noStore);
  },
  { permission: "settings:manage" },
);
