import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { refreshDatabaseGauges } from "@/lib/observability/database-gauges";
import { metricsAccess } from "@/lib/observability/metrics-access";
import { metrics } from "@/lib/observability/metrics";

export const dynamic = "force-dynamic";

// GET /api/metrics - Prometheus metrics of this app process, for `Authorization: Bearer $METRICS_TOKEN`;
// 404 when METRICS_TOKEN is not set, 401 for a missing or wrong token
export async function GET(req: Request) {
  const access = metricsAccess(req.headers.get("authorization"), env().METRICS_TOKEN);
  if (access === "not-configured") {
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
  }
  if (access === "unauthorized") {
    return NextResponse.json(
      { error: { code: "UNAUTHENTICATED", message: "Send the metrics token as a bearer token." } },
      { status: 401, headers: { "WWW-Authenticate": "Bearer" } },
    );
  }
  await refreshDatabaseGauges();
  const registry = metrics().registry;
  return new Response(await registry.metrics(), {
    headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" },
  });
}
