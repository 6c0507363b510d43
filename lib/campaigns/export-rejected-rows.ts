import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { csvField } from "./csv";
import { REJECT_REASON_LABELS, type RejectReason } from "./states";

const PAGE = 2000;

const line = (cells: string[]) => `${cells.map(csvField).join(",")}\r\n`;

/**
 * The rejected-rows report: row number, the phone/BSUID as given, the reason (code and words) and the
 * original columns, so the file can be fixed and uploaded again. Streamed page by page.
 */
export async function exportRejectedRows(
  campaignId: string,
): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: { name: true, sources: { select: { columns: true }, orderBy: { createdAt: "asc" } } },
  });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  const columns = [
    ...new Set(campaign.sources.flatMap((s) => (Array.isArray(s.columns) ? (s.columns as string[]) : []))),
  ];
  const slug =
    campaign.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "campaign";

  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${line(["row", "phone_or_bsuid", "reason", "reason_text", "detail", ...columns])}`;
    let cursor: { rowNumber: number; id: string } | null = null;
    for (;;) {
      const rows: {
        id: string;
        rowNumber: number;
        value: string | null;
        reason: RejectReason;
        detail: string;
        cells: unknown;
      }[] = await db.campaignRejectedRow.findMany({
        where: {
          campaignId,
          ...(cursor
            ? {
                OR: [
                  { rowNumber: { gt: cursor.rowNumber } },
                  { rowNumber: cursor.rowNumber, id: { gt: cursor.id } },
                ],
              }
            : {}),
        },
        select: { id: true, rowNumber: true, value: true, reason: true, detail: true, cells: true },
        orderBy: [{ rowNumber: "asc" }, { id: "asc" }],
        take: PAGE,
      });
      for (const r of rows) {
        const cells = (r.cells ?? {}) as Record<string, string>;
        yield line([
          String(r.rowNumber),
          r.value ?? "",
          r.reason,
          REJECT_REASON_LABELS[r.reason],
          r.detail,
          ...columns.map((c) => cells[c] ?? ""),
        ]);
      }
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      cursor = { rowNumber: last.rowNumber, id: last.id };
    }
  }
  return { fileName: `${slug}-rejected-rows.csv`, lines: lines() };
}
