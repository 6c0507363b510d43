import { NextResponse } from "next/server";
import { parseJsonBody, withSession } from "@/lib/api/handler";
import { bulkUpdateContacts } from "@/lib/labels/bulk-update-contacts";
import { bulkContactsSchema } from "@/lib/labels/schemas";

// POST /api/contacts/bulk - one action on selected contacts ({ contactIds, action: addLabel | removeLabel | optOut })
export const POST = withSession(
  async (req, { user }) => {
    const input = await parseJsonBody(req, bulkContactsSchema);
    return NextResponse.json(await bulkUpdateContacts(input, user));
  },
  { permission: "inbox:reply" },
);
