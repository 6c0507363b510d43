import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getAutomationSettings } from "@/lib/automation/get-automation-settings";
import { updateAutomationSettingsSchema } from "@/lib/automation/schemas";
import { updateAutomationSettings } from "@/lib/automation/update-automation-settings";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/settings/automation - business hours, welcome/away messages, auto-resolve, CSAT and auto-assignment
export const GET = withSession(
  async () => NextResponse.json({ automation: await getAutomationSettings() }, noStore),
  {
    permission: "settings:manage",
  },
);

// PATCH /api/settings/automation - replace the given sections (each whole); audit-logged
export const PATCH = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, updateAutomationSettingsSchema);
    return NextResponse.json({ automation: await updateAutomationSettings(input, user.id) }, noStore);
  },
  { permission: "settings:manage" },
);
