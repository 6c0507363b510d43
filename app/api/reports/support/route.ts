import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { getSupportReport } from "@/lib/reports/get-support-report";
import { supportReportQuerySchema } from "@/lib/reports/schemas";

// GET /api/reports/support - first response, resolution, replies per agent, hours and SLA over a range (`from`, `to`, `tz`, `agentId`)
export const GET = withSession(
  async (req) => NextResponse.json(await getSupportReport(parseSearchParams(req, supportReportQuerySchema))),
  { permission: "reports:read" },
);
