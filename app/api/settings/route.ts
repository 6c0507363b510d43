import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getSettingsView } from "@/lib/settings/get-settings-view";
import { updateConnectlySettingsSchema } from "@/lib/settings/schemas";
import { updateConnectlySettings } from "@/lib/settings/update-connectly-settings";

const noStore = { headers: { "Cache-Control": "no-store" } };

// GET /api/settings - the Connectly connection in effect; secrets only as "set, ending in …1234"
export const GET = withSession(
  async () => NextResponse.json({ settings: await getSettingsView() }, noStore),
  {
    permission: "settings:manage",
  },
);

// PATCH /api/settings - save changed fields (null = back to the environment's value); secrets encrypted at rest
export const PATCH = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, updateConnectlySettingsSchema);
    return NextResponse.json({ settings: await updateConnectlySettings(input, user.id) }, noStore);
  },
  { permission: "settings:manage" },
);
