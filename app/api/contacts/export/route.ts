import { parseSearchParams, withSession } from "@/lib/api/handler";
import { exportContacts } from "@/lib/contacts/export-contacts";
import { contactListQuerySchema } from "@/lib/contacts/schemas";

// GET /api/contacts/export - the contacts matching ?q / ?optedOut as a CSV download (streamed)
export const GET = withSession(
  async (req, { user }) => {
    const { q, optedOut } = parseSearchParams(req, contactListQuerySchema);
    const { fileName, lines } = await exportContacts({ q, optedOut }, user);
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
  { permission: "contacts:manage" },
);
