import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { getTemplateSyncStatus } from "@/lib/templates/list-templates";
import { syncTemplates } from "@/lib/templates/sync-templates";

// GET /api/templates/sync - whether a sync is running, and the last run
export const GET = withSession(async () => NextResponse.json({ sync: await getTemplateSyncStatus() }), {
  permission: "templates:read",
});

// POST /api/templates/sync - sync the library from Connectly now ("skipped" when another run is in progress)
export const POST = withSession(async () => NextResponse.json({ result: await syncTemplates("manual") }), {
  permission: "templates:manage",
});
