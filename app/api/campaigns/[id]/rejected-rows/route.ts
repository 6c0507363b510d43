import { csvDownload } from "@/lib/api/csv-download";
import { withSession } from "@/lib/api/handler";
import { exportRejectedRows } from "@/lib/campaigns/export-rejected-rows";

// GET /api/campaigns/:id/rejected-rows - the rejected-rows report as a CSV download (streamed)
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => {
    const { fileName, lines } = await exportRejectedRows(params.id);
    return csvDownload(fileName, lines);
  },
  { permission: "campaigns:manage" },
);
