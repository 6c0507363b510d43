import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { csvField } from "../campaigns/csv";
import { db } from "../db";
import { listContactAttributes } from "./attributes";
import { nationalFormat } from "./format-phone";
import { contactWhere } from "./list-contacts";
import type { ContactFilter } from "./schemas";

// The contacts (the page's search and filter applied) as CSV, streamed a keyset page at a time: memory stays
// flat at any size and a slow download only delays the next page. One column per custom field. Cells that a
// spreadsheet would run as a formula are neutralised (csvField, as in the campaign reports).

const PAGE = 2000;
const line = (cells: string[]) => `${cells.map(csvField).join(",")}\r\n`;

type Row = {
  id: string;
  name: string | null;
  phone: string | null;
  bsuid: string | null;
  optedOut: boolean;
  createdAt: Date;
  attributes: unknown;
};

export async function exportContacts(
  filter: ContactFilter,
  actor: { id: string },
): Promise<{ fileName: string; lines: AsyncGenerator<string> }> {
  const attributes = await listContactAttributes();
  await recordAuditEvent({
    actorId: actor.id,
    action: "contact.exported",
    targetType: "contact",
    details: { q: filter.q ?? null, optedOut: filter.optedOut ?? null },
  });

  async function* lines(): AsyncGenerator<string> {
    yield `\uFEFF${line(["name", "phone", "phone_national", "bsuid", "opted_out", "created_at", ...attributes.map((a) => a.key)])}`;
    let after: Row | null = null;
    for (;;) {
      const clause = contactWhere(filter, after);
      const rows: Row[] = await db.$queryRaw<Row[]>`
        SELECT c.id, c.name, c.phone, c.bsuid, c."optedOut", c."createdAt", c.attributes
        FROM "Contact" c ${clause}
        ORDER BY c."createdAt" DESC, c.id DESC
        LIMIT ${PAGE}`;
      let chunk = "";
      for (const r of rows) {
        const values = (r.attributes ?? {}) as Record<string, unknown>;
        chunk += line([
          r.name ?? "",
          r.phone ?? "",
          nationalFormat(r.phone) ?? "",
          r.bsuid ?? "",
          r.optedOut ? "yes" : "no",
          r.createdAt.toISOString(),
          ...attributes.map((a) =>
            values[a.key] === undefined || values[a.key] === null ? "" : String(values[a.key]),
          ),
        ]);
      }
      if (chunk) yield chunk;
      after = rows.at(-1) ?? null;
      if (!after || rows.length < PAGE) return;
    }
  }
  return { fileName: `contacts-${new Date().toISOString().slice(0, 10)}.csv`, lines: lines() };
}
