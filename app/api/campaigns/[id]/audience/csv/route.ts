import { NextResponse } from "next/server";
import { AppError } from "@/lib/app-error";
import { parseJsonText, withSession } from "@/lib/api/handler";
import { importCsvAudience } from "@/lib/campaigns/import-csv-audience";
import { csvImportSchema, MAX_CSV_BYTES } from "@/lib/campaigns/schemas";

// POST /api/campaigns/:id/audience/csv?settings={delimiter,addressColumn,defaultCountry,variables,fileName} -
// the CSV file itself as the body, streamed into the audience (up to 100,000 rows)
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const raw = new URL(req.url).searchParams.get("settings") ?? "";
    const settings = parseJsonText(raw, csvImportSchema, "settings");
    const declared = Number(req.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > MAX_CSV_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`);
    }
    return NextResponse.json(
      { import: await importCsvAudience(params.id, settings, req.body) },
      { status: 201 },
    );
  },
  { permission: "campaigns:manage" },
);
