import { csvDownload } from "@/lib/api/csv-download";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { exportCampaignRecipients } from "@/lib/analytics/export-campaign-recipients";
import { recipientFilterSchema } from "@/lib/analytics/schemas";

// GET /api/analytics/campaigns/:id/recipients/export - the filtered recipients as CSV, streamed from a cursor
export const GET = withSession<{ id: string }>(
  async (req, { params }) => {
    const { fileName, stream } = await exportCampaignRecipients(
      params.id,
      parseSearchParams(req, recipientFilterSchema),
    );
    return csvDownload(fileName, stream);
  },
  { permission: "analytics:read" },
);
