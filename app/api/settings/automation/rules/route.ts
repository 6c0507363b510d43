import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { createRule } from "@/lib/automation/rules/manage-rules";
import { listRules } from "@/lib/automation/rules/read-rules";
import { createRuleSchema } from "@/lib/automation/rules/schemas";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/settings/automation/rules - every automation rule in evaluation order
export const GET = withSession(async () => NextResponse.json({ rules: await listRules() }, noStore), {
  permission: "settings:manage",
});

// POST /api/settings/automation/rules - add a rule at the end of the order; audit-logged
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, createRuleSchema);
    return NextResponse.json({ rule: await createRule(input, user.id) }, { status: 201 });
  },
  { permission: "settings:manage" },
);
