import { NextResponse } from "next/server";

export const dynamic = "force-dynamic";

// GET /api/health - public liveness probe: the process is up and serving (touches nothing else)
export function GET() {
  return NextResponse.json(
    { status: "ok", uptimeSeconds: Math.round(process.uptime()) },
    { headers: { "Cache-Control": "no-store" } },
  );
}
