import { csvDownload } from "@/lib/api/csv-download";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { exportContacts } from "@/lib/contacts/export-contacts";
import { contactListQuerySchema } from "@/lib/contacts/schemas";

// GET /api/contacts/export - the contacts matching ?q / ?optedOut as a CSV download (streamed)
export const GET = withSession(
  async (req, { user }) => {
    const { q, optedOut } = parseSearchParams(req, contactListQuerySchema);
    const { fileName, lines } = await exportContacts({ q, optedOut }, user);
    return csvDownload(fileName, lines);
  },
  { permission: "contacts:manage" },
);
