import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { getContactProfile } from "@/lib/contacts/get-contact-profile";
import { updateContactProfileSchema } from "@/lib/contacts/schemas";
import { updateContactById } from "@/lib/contacts/update-contact";

// GET /api/contacts/:id - the profile: identity, fields, opt-out history, conversation, campaigns
export const GET = withSession<{ id: string }>(
  async (_req, { params }) => NextResponse.json(await getContactProfile(params.id)),
  {
    permission: "contacts:read",
  },
);

// PATCH /api/contacts/:id - edit the name ({ name }) or opt-out ({ optedOut, reason })
export const PATCH = withSession<{ id: string }>(
  async (req, { user, params }) => {
    const input = await parseJsonBody(req, updateContactProfileSchema);
    return NextResponse.json({ contact: await updateContactById(params.id, input, user) });
  },
  { permission: "contacts:edit" },
);
