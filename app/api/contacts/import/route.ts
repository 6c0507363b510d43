import { NextResponse } from "next/server";
import { AppError } from "@/lib/app-error";
import { parseJsonText, withSession } from "@/lib/api/handler";
import { MAX_CSV_BYTES } from "@/lib/campaigns/schemas";
import { importContacts } from "@/lib/contacts/import-contacts";
import { contactImportSchema } from "@/lib/contacts/schemas";

// POST /api/contacts/import?settings={delimiter,defaultCountry,phoneColumn,bsuidColumn,nameColumn,attributes,fileName} -
// the CSV file itself as the body, streamed and upserted into the contacts (up to 100,000 rows)
export const POST = withSession(
  async (req, { user }) => {
    const raw = new URL(req.url).searchParams.get("settings") ?? "";
    const settings = parseJsonText(raw, contactImportSchema, "settings");
    const declared = Number(req.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > MAX_CSV_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`);
    }
    return NextResponse.json({ import: await importContacts(settings, req.body, user) });
  },
  { permission: "contacts:manage" },
);
