import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { createContactAttribute, listContactAttributes } from "@/lib/contacts/attributes";
import { createAttributeSchema } from "@/lib/contacts/schemas";

// GET /api/contacts/attributes - the workspace's custom contact fields
export const GET = withSession(async () => NextResponse.json({ attributes: await listContactAttributes() }), {
  permission: "contacts:read",
});

// POST /api/contacts/attributes - a new custom field ({ label, type, key? })
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, createAttributeSchema);
    return NextResponse.json({ attribute: await createContactAttribute(input, user) }, { status: 201 });
  },
  { permission: "contacts:edit" },
);
