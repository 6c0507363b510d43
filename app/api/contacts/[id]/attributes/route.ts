import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { setContactAttributes } from "@/lib/contacts/attributes";
import { setAttributesSchema } from "@/lib/contacts/schemas";

// PATCH /api/contacts/:id/attributes - set custom field values ({ attributes: { key: value | null } }), typed
export const PATCH = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, setAttributesSchema);
    return NextResponse.json({ contact: await setContactAttributes(params.id, input, user) });
  },
  { permission: "contacts:edit" },
);
