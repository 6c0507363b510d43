import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { auditQuerySchema } from "@/lib/audit/schemas";

// GET /api/audit - audit entries newest first; filter by action, actorId, from/to (UTC days); cursor-paginated
export const GET = withSession(
  async (req) => NextResponse.json(await listAuditEvents(parseSearchParams(req, auditQuerySchema))),
  {
    permission: "audit:read",
  },
);
