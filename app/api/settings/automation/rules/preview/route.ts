import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { previewRule } from "@/lib/automation/rules/preview-rule";
import { previewRuleSchema } from "@/lib/automation/rules/schemas";

// POST /api/settings/automation/rules/preview - dry run of a drafted rule over the latest customer messages; changes nothing
export const POST = withSession(
  async (req) => {
    const input = await parseJsonBody(req, previewRuleSchema);
    return NextResponse.json({ preview: await previewRule(input) });
  },
  { permission: "settings:manage" },
);
