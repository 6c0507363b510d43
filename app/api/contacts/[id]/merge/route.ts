import { NextResponse } from "next/server";
import { parseJsonBody, parseSearchParams, withSession } from "@/lib/api/handler";
import { mergeContacts, previewContactMerge } from "@/lib/contacts/merge-contacts";
import { mergeContactsSchema, mergePreviewQuerySchema } from "@/lib/contacts/schemas";

// GET /api/contacts/:id/merge?with=:otherId - what merging the other contact into this one would do
export const GET = withSession<{ id: string }>(
  async (req, { params }) =>
    NextResponse.json(
      await previewContactMerge(params.id, parseSearchParams(req, mergePreviewQuerySchema).with),
    ),
  { permission: "contacts:manage" },
);

// POST /api/contacts/:id/merge - merge the other contact ({ otherId }) into this one; the other is deleted
export const POST = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const { otherId } = await parseJsonBody(req, mergeContactsSchema);
    return NextResponse.json(await mergeContacts(params.id, otherId, user));
  },
  { permission: "contacts:manage" },
);
