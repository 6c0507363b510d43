import { NextResponse } from "next/server";
import { checkReadiness } from "@/lib/observability/readiness";

export const dynamic = "force-dynamic";

// GET /api/ready - public readiness probe: 200 when the database, the LISTEN connection and a campaign worker
// heartbeat are all fine, else 503 naming what is missing
export async function GET() {
  const readiness = await checkReadiness();
  return NextResponse.json(readiness, {
    status: readiness.ready ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
