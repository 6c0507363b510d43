import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { importContactsAudience, previewContactsAudience } from "@/lib/campaigns/import-contacts-audience";
import { contactsImportSchema } from "@/lib/campaigns/schemas";

// POST /api/campaigns/:id/audience/contacts - add existing contacts picked by { filter, variables };
// with dryRun: true only counts what the filter matches
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const input = await parseJsonBody(req, contactsImportSchema, "audience");
    if (input.dryRun) return NextResponse.json({ preview: await previewContactsAudience(input.filter) });
    return NextResponse.json({ import: await importContactsAudience(params.id, input) }, { status: 201 });
  },
  { permission: "campaigns:manage" },
);
