import { NextResponse } from "next/server";
import { parseSearchParams, withSession } from "@/lib/api/handler";
import { listContacts } from "@/lib/contacts/list-contacts";
import { contactListQuerySchema } from "@/lib/contacts/schemas";

// GET /api/contacts - every contact, newest first, keyset-paginated (?cursor), searchable (?q) and filterable (?optedOut)
export const GET = withSession(
  async (req) => NextResponse.json(await listContacts(parseSearchParams(req, contactListQuerySchema))),
  {
    permission: "contacts:read",
  },
);
