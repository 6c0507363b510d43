import { csvDownload } from "@/lib/api/csv-download";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { exportSupportCycles } from "@/lib/reports/export-support-cycles";
import { supportReportQuerySchema } from "@/lib/reports/schemas";

// GET /api/reports/support/export - every support cycle opened in the range as CSV, streamed
export const GET = withSession(
  async (req) => {
    const { fileName, stream } = await exportSupportCycles(parseSearchParams(req, supportReportQuerySchema));
    return csvDownload(fileName, stream);
  },
  { permission: "reports:read" },
);
