import { NextResponse } from "next/server";
import { withSession } from "@/lib/api/handler";
import { readBodyWithLimit } from "@/lib/api/read-body";
import { AppError } from "@/lib/app-error";
import { inspectCsv } from "@/lib/campaigns/csv";
import { CSV_DELIMITERS } from "@/lib/campaigns/schemas";

// POST /api/campaigns/csv-inspect?truncated=1&delimiter=; - the first bytes of a CSV (at most 256 KiB) -> delimiter,
// columns, sample rows and a guess of the phone column, for the builder's column mapping
export const POST = withSession(
  async (req) => {
    const bytes = await readBodyWithLimit(req, 256 * 1024);
    const query = new URL(req.url).searchParams;
    const delimiter = query.get("delimiter") ?? undefined;
    if (delimiter !== undefined && !CSV_DELIMITERS.some((d) => d === delimiter)) {
      throw new AppError("VALIDATION_FAILED", "Invalid query: delimiter: must be , ; tab or |");
    }
    const inspection = inspectCsv(bytes.toString("utf8"), {
      truncated: query.get("truncated") === "1",
      delimiter: delimiter as (typeof CSV_DELIMITERS)[number] | undefined,
    });
    return NextResponse.json({ inspection });
  },
  { permission: "campaigns:manage" },
);
