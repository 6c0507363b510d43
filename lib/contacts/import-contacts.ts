import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { csvProblem } from "../campaigns/csv";
import { csvDataRows, parseCsvUpload } from "../campaigns/csv-upload-stream";
import { resolveAddress } from "../campaigns/phone";
import { MAX_CSV_BYTES, MAX_CSV_ROWS } from "../campaigns/schemas";
import { db } from "../db";
import { checkAttributeValue, type AttributeValue } from "./attribute-values";
import { MAX_IMPORT_ERRORS_LISTED, type AttributeType, type ContactImportInput } from "./schemas";

// A CSV of contacts, streamed (the campaign import's reader and limits: MAX_CSV_BYTES, MAX_CSV_ROWS, the column
// guard, NUL refused) and upserted 1,000 rows at a time with the webhook path's identity rules: the BSUID when the
// row has one, else the phone; a known phone that arrives with a BSUID stays one contact and gains the BSUID.
// Set-based per batch (one lookup, one INSERT … ON CONFLICT DO NOTHING for the new ones in key order, one UPDATE
// for the known ones in id order), so a 100,000-row file is a few hundred statements. Each batch commits on its
// own: an upsert is idempotent, so a file that fails half way is simply imported again. Bad rows are reported
// with their row number and reason and skipped; the rest are imported.

const BATCH = 1000;

export type ContactImportSummary = {
  totalRows: number;
  created: number;
  updated: number;
  rejected: number;
  errors: { row: number; message: string }[];
  attributesCreated: string[];
};

type Row = {
  rowNumber: number;
  phone: string | null;
  bsuid: string | null;
  name: string | null;
  attributes: Record<string, AttributeValue>;
  /** Why the phone failed the metadata check: the row is kept only when the number is already a contact. */
  unverified: string | null;
};

export async function importContacts(
  input: ContactImportInput,
  body: ReadableStream<Uint8Array> | null,
  actor: { id: string },
  limits: { maxRows?: number; maxBytes?: number } = {},
): Promise<ContactImportSummary> {
  if (!body) throw new AppError("BAD_REQUEST", "Send the CSV file as the request body.");
  const maxRows = limits.maxRows ?? MAX_CSV_ROWS;
  const maxBytes = limits.maxBytes ?? MAX_CSV_BYTES;
  const types = await prepareAttributes(input, actor);

  const { parser, stop } = parseCsvUpload(body, { delimiter: input.delimiter, maxBytes });

  const summary: ContactImportSummary = {
    totalRows: 0,
    created: 0,
    updated: 0,
    rejected: 0,
    errors: [],
    attributesCreated: types.created,
  };
  const reject = (row: number, message: string) => {
    summary.rejected++;
    if (summary.errors.length < MAX_IMPORT_ERRORS_LISTED) summary.errors.push({ row, message });
  };
  const seen = new Map<string, number>();
  let batch: Row[] = [];
  try {
    for await (const { rowNumber, cells } of csvDataRows(parser, {
      maxRows,
      splitInto: "several files",
      onHeaders: (headers) => checkColumns(headers, input),
    })) {
      summary.totalRows++;
      const row = readRow(rowNumber, cells, input, types.byKey);
      if ("error" in row) {
        reject(rowNumber, row.error);
        continue;
      }
      const key = row.bsuid ?? row.phone ?? "";
      const earlier = seen.get(key) ?? (row.bsuid && row.phone ? seen.get(row.phone) : undefined);
      if (earlier !== undefined) {
        reject(rowNumber, `same contact as row ${earlier}`);
        continue;
      }
      seen.set(key, rowNumber);
      if (row.phone) seen.set(row.phone, rowNumber);
      batch.push(row);
      if (batch.length >= BATCH) {
        await writeBatch(batch, summary, reject);
        batch = [];
      }
    }
    if (batch.length > 0) await writeBatch(batch, summary, reject);
  } catch (error) {
    stop();
    throw csvProblem(error);
  }
  summary.errors.sort((a, b) => a.row - b.row);
  await recordAuditEvent({
    actorId: actor.id,
    action: "contact.imported",
    targetType: "contact",
    details: {
      fileName: input.fileName ?? null,
      rows: summary.totalRows,
      created: summary.created,
      updated: summary.updated,
      rejected: summary.rejected,
    },
  });
  return summary;
}

/** Field columns: existing attributes keep their type; new ones are created with the type the user chose. */
async function prepareAttributes(input: ContactImportInput, actor: { id: string }) {
  const keys = input.attributes.map((a) => a.key);
  if (new Set(keys).size !== keys.length)
    throw new AppError(
      "VALIDATION_FAILED",
      "Invalid settings: attributes: two columns map to the same field",
    );
  const existing = await db.contactAttribute.findMany({
    where: { key: { in: keys } },
    select: { key: true, type: true },
  });
  const byKey = new Map<string, AttributeType>(existing.map((e) => [e.key, e.type]));
  const created: string[] = [];
  for (const a of input.attributes) {
    if (byKey.has(a.key)) continue;
    await db.contactAttribute.createMany({
      data: [{ key: a.key, label: a.column.trim().slice(0, 60) || a.key, type: a.type }],
      skipDuplicates: true,
    });
    const made = await db.contactAttribute.findUnique({
      where: { key: a.key },
      select: { id: true, type: true, label: true },
    });
    if (!made) continue;
    byKey.set(a.key, made.type);
    created.push(a.key);
    await recordAuditEvent({
      actorId: actor.id,
      action: "contact_attribute.created",
      targetType: "contact_attribute",
      targetId: made.id,
      targetLabel: made.label,
      details: { key: a.key, type: made.type, via: "import" },
    });
  }
  const columns = new Map(input.attributes.map((a) => [a.key, a.column]));
  return {
    byKey: new Map([...byKey].map(([key, type]) => [key, { type, column: columns.get(key)! }])),
    created,
  };
}

function checkColumns(headers: string[], input: ContactImportInput) {
  const wanted: [string, string | undefined][] = [
    ["phoneColumn", input.phoneColumn],
    ["bsuidColumn", input.bsuidColumn],
    ["nameColumn", input.nameColumn],
    ...input.attributes.map((a, i): [string, string] => [`attributes.${i}.column`, a.column]),
  ];
  const problems = wanted
    .filter(([, column]) => column !== undefined && !headers.includes(column))
    .map(([path, column]) => ({ path, message: `column "${column}" is not in the file` }));
  const first = problems[0];
  if (first)
    throw new AppError("VALIDATION_FAILED", `Invalid settings: ${first.path}: ${first.message}`, {
      issues: problems,
    });
}

function readRow(
  rowNumber: number,
  cells: Record<string, string>,
  input: ContactImportInput,
  attributes: Map<string, { type: AttributeType; column: string }>,
): Row | { error: string } {
  let phone: string | null = null;
  let bsuid: string | null = null;
  const rawPhone = input.phoneColumn ? (cells[input.phoneColumn] ?? "").trim() : "";
  const rawBsuid = input.bsuidColumn ? (cells[input.bsuidColumn] ?? "").trim() : "";
  let unverified: string | null = null;
  if (rawPhone) {
    const address = resolveAddress(rawPhone, input.defaultCountry);
    if (address.ok) {
      phone = address.value.phone;
      bsuid = address.value.bsuid; // a BSUID typed in the phone column
    } else if (address.phone) {
      // As in the campaign import: a number that is already a contact works, whatever the phone metadata says.
      phone = address.phone;
      unverified = address.detail;
    } else {
      return { error: address.detail };
    }
  }
  if (rawBsuid) {
    const address = resolveAddress(rawBsuid, null);
    if (!address.ok || !address.value.bsuid) return { error: `"${rawBsuid}" is not a BSUID` };
    if (bsuid && bsuid !== address.value.bsuid) return { error: "two different BSUIDs in one row" };
    bsuid = address.value.bsuid;
  }
  if (!phone && !bsuid) return { error: "no phone number or BSUID" };
  const values: Record<string, AttributeValue> = {};
  for (const [key, { type, column }] of attributes) {
    const raw = (cells[column] ?? "").trim();
    if (raw === "") continue;
    const checked = checkAttributeValue(type, raw, true);
    if (!checked.ok) return { error: `${column}: ${checked.message}` };
    values[key] = checked.value;
  }
  const name = input.nameColumn ? (cells[input.nameColumn] ?? "").trim().slice(0, 120) || null : null;
  return { rowNumber, phone, bsuid, name, attributes: values, unverified };
}

type Existing = { id: string; phone: string | null; bsuid: string | null };

async function writeBatch(
  rows: Row[],
  summary: ContactImportSummary,
  reject: (row: number, message: string) => void,
) {
  const find = async (subset: Row[]) => {
    const phones = subset.flatMap((r) => (r.phone ? [r.phone] : []));
    const bsuids = subset.flatMap((r) => (r.bsuid ? [r.bsuid] : []));
    const found = await db.contact.findMany({
      where: { OR: [{ phone: { in: phones } }, { bsuid: { in: bsuids } }] },
      select: { id: true, phone: true, bsuid: true },
    });
    return {
      byPhone: new Map(found.flatMap((c) => (c.phone ? [[c.phone, c] as const] : []))),
      byBsuid: new Map(found.flatMap((c) => (c.bsuid ? [[c.bsuid, c] as const] : []))),
    };
  };
  const match = (r: Row, maps: Awaited<ReturnType<typeof find>>): Existing | "conflict" | null => {
    const b = r.bsuid ? maps.byBsuid.get(r.bsuid) : undefined;
    const p = r.phone ? maps.byPhone.get(r.phone) : undefined;
    if (b && p && b.id !== p.id) return "conflict";
    return b ?? p ?? null;
  };

  let maps = await find(rows);
  const updates: { row: Row; contact: Existing }[] = [];
  let fresh: Row[] = [];
  for (const r of rows) {
    const m = match(r, maps);
    if (m === "conflict")
      reject(r.rowNumber, "its phone and its BSUID belong to two different contacts: merge them first");
    else if (m) updates.push({ row: r, contact: m });
    else if (r.unverified) reject(r.rowNumber, r.unverified);
    else fresh.push(r);
  }
  if (fresh.length > 0) {
    fresh.sort((a, b) => ((a.bsuid ?? a.phone ?? "") < (b.bsuid ?? b.phone ?? "") ? -1 : 1));
    const created = await db.$queryRaw<{ phone: string | null; bsuid: string | null }[]>`
      INSERT INTO "Contact" (id, phone, bsuid, name, "nameSetByAgent", attributes, "updatedAt")
      SELECT v.id, v.phone, v.bsuid, v.name, v.name IS NOT NULL, v.attributes, now()
      FROM unnest(${fresh.map(() => randomUUID())}::text[], ${fresh.map((r) => r.phone)}::text[], ${fresh.map((r) => r.bsuid)}::text[],
                  ${fresh.map((r) => r.name)}::text[], ${fresh.map((r) => JSON.stringify(r.attributes))}::jsonb[])
        WITH ORDINALITY AS v(id, phone, bsuid, name, attributes, ord)
      ORDER BY v.ord
      ON CONFLICT DO NOTHING
      RETURNING phone, bsuid`;
    summary.created += created.length;
    const made = new Set(created.map((c) => c.bsuid ?? c.phone));
    // Created meanwhile by a webhook or another import: updated like the known ones.
    const raced = fresh.filter((r) => !made.has(r.bsuid ?? r.phone));
    fresh = [];
    if (raced.length > 0) {
      maps = await find(raced);
      for (const r of raced) {
        const m = match(r, maps);
        if (m && m !== "conflict") updates.push({ row: r, contact: m });
        else
          reject(
            r.rowNumber,
            "could not be saved: another change to this contact happened at the same time; import the file again",
          );
      }
    }
  }
  if (updates.length === 0) return;
  // One UPDATE in id order; an identity is only added where the contact lacks it and nobody else holds it.
  updates.sort((a, b) => (a.contact.id < b.contact.id ? -1 : 1));
  const taken = await db.contact.findMany({
    where: {
      OR: [
        { phone: { in: updates.flatMap((u) => (u.row.phone && !u.contact.phone ? [u.row.phone] : [])) } },
        {
          bsuid: {
            in: updates.flatMap((u) => (u.row.bsuid && u.contact.bsuid !== u.row.bsuid ? [u.row.bsuid] : [])),
          },
        },
      ],
    },
    select: { phone: true, bsuid: true },
  });
  const takenKeys = new Set(taken.flatMap((t) => [t.phone, t.bsuid]).filter(Boolean));
  const changed = await db.$executeRaw`
    UPDATE "Contact" c SET
      phone = COALESCE(c.phone, v.phone),
      bsuid = COALESCE(v.bsuid, c.bsuid),
      name = CASE WHEN v.name IS NOT NULL THEN v.name ELSE c.name END,
      "nameSetByAgent" = c."nameSetByAgent" OR v.name IS NOT NULL,
      attributes = c.attributes || v.attributes,
      "updatedAt" = now()
    FROM unnest(${updates.map((u) => u.contact.id)}::text[],
                ${updates.map((u) => (u.row.phone && !u.contact.phone && !takenKeys.has(u.row.phone) ? u.row.phone : null))}::text[],
                ${updates.map((u) => (u.row.bsuid && u.contact.bsuid !== u.row.bsuid && !takenKeys.has(u.row.bsuid) ? u.row.bsuid : null))}::text[],
                ${updates.map((u) => u.row.name)}::text[], ${updates.map((u) => JSON.stringify(u.row.attributes))}::jsonb[])
      AS v(id, phone, bsuid, name, attributes)
    WHERE c.id = v.id`;
  summary.updated += changed;
}
