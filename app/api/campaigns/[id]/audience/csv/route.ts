import { NextResponse } from "next/server";
import { AppError, validationError } from "@/lib/api/errors";
import { withSession } from "@/lib/api/handler";
import { importCsvAudience } from "@/lib/campaigns/import-csv-audience";
import { csvImportSchema, MAX_CSV_BYTES } from "@/lib/campaigns/schemas";

// POST /api/campaigns/:id/audience/csv?settings={delimiter,addressColumn,defaultCountry,variables,fileName} -
// the CSV file itself as the body, streamed into the audience (up to 100,000 rows)
export const POST = withSession<{ id: string }>(
  async (req, { params }) => {
    const raw = new URL(req.url).searchParams.get("settings");
    let json: unknown;
    try {
      json = JSON.parse(raw ?? "");
    } catch {
      throw new AppError("BAD_REQUEST", "The settings query parameter must be JSON.");
    }
    const parsed = csvImportSchema.safeParse(json);
    if (!parsed.success) throw validationError(parsed.error, "settings");
    const declared = Number(req.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > MAX_CSV_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", `The file is larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`);
    }
    return NextResponse.json({ import: await importCsvAudience(params.id, parsed.data, req.body) }, { status: 201 });
  },
  { permission: "campaigns:manage" },
);
