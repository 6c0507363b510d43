import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { reorderRules } from "@/lib/automation/rules/manage-rules";
import { listRules } from "@/lib/automation/rules/read-rules";
import { reorderRulesSchema } from "@/lib/automation/rules/schemas";

// PUT /api/settings/automation/rules/order - the whole evaluation order ({ ids }, every rule once); audit-logged
export const PUT = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, reorderRulesSchema);
    await reorderRules(input.ids, user.id);
    return NextResponse.json({ rules: await listRules() });
  },
  { permission: "settings:manage" },
);
