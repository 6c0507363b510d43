import { parseSearchParams, withSession } from "@/lib/api/handler";
import { exportSupportCycles } from "@/lib/reports/export-support-cycles";
import { supportReportQuerySchema } from "@/lib/reports/schemas";

// GET /api/reports/support/export - every support cycle opened in the range as CSV, streamed
export const GET = withSession(
  async (req) => {
    const { fileName, stream } = await exportSupportCycles(parseSearchParams(req, supportReportQuerySchema));
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  },
  { permission: "reports:read" },
);
