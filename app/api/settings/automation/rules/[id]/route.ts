import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { deleteRule, updateRule } from "@/lib/automation/rules/manage-rules";
import { updateRuleSchema } from "@/lib/automation/rules/schemas";

// PATCH /api/settings/automation/rules/:id - change a rule (any fields, each whole; enable/disable); audit-logged
export const PATCH = withSession<{ id: string }>(
  async (req, { params, user }) => {
    const input = await parseJsonBody(req, updateRuleSchema);
    return NextResponse.json({ rule: await updateRule(params.id, input, user.id) });
  },
  { permission: "settings:manage" },
);

// DELETE /api/settings/automation/rules/:id - delete a rule; audit-logged
export const DELETE = withSession<{ id: string }>(
  async (_req, { params, user }) => {
    await deleteRule(params.id, user.id);
    return new NextResponse(null, { status: 204 });
  },
  { permission: "settings:manage" },
);
