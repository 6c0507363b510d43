import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { updateContact } from "@/lib/contacts/update-contact";
import { getContactPanel } from "@/lib/messaging/read-models";
import { updateContactSchema } from "@/lib/messaging/schemas";

// GET /api/conversations/:id/contact - the contact panel: identity, opt-out, recent campaign messages
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json(await getContactPanel(params.id)),
  {
    permission: "inbox:read",
  },
);

// PATCH /api/conversations/:id/contact - edit the contact's name ({ name }) or opt-out ({ optedOut, reason })
export const PATCH = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, updateContactSchema);
    return NextResponse.json({ contact: await updateContact(params.id, input, user) });
  },
  { permission: "inbox:reply" },
);
