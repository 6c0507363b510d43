import { withSession } from "@/lib/api/handler";
import { exportRejectedRows } from "@/lib/campaigns/export-rejected-rows";

// GET /api/campaigns/:id/rejected-rows - the rejected-rows report as a CSV download (streamed)
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => {
    const { fileName, lines } = await exportRejectedRows(params.id);
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(stream, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  },
  { permission: "campaigns:manage" },
);
