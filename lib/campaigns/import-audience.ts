import "server-only";
import { randomUUID } from "node:crypto";
import { AppError } from "../app-error";
import { templateVariables, type TemplateComponent } from "../connectly/template-components";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { resolveAddress, type AddressResult, type ResolvedAddress } from "./phone";
import { templateParameterSchema } from "../connectly/schemas";
import { checkFlowVariableValue, parseFlowScheduledAt } from "../connectly/flow-sendouts";
import { cleanValue, resolveVariables, type ValueCheck } from "./resolve-variables";
import { MAX_REJECTED_CELLS_CHARS, type VariablesMapping } from "./schemas";
import { REJECT_REASONS, type RejectReason } from "./states";

// The import pipeline shared by CSV uploads and contact filters: rows arrive as an async stream and are
// validated, checked against contacts (opt-outs, names) and written in batches, so memory stays flat however
// long the list. Duplicates are decided by the database (unique campaign + address), across batches and
// across imports.

export type Candidate = { rowNumber: number; rawAddress: string; cells: Record<string, string> };

export type ImportSummary = {
  sourceId: string;
  totalRows: number;
  acceptedRows: number;
  rejectedRows: number;
  rejectedByReason: Record<RejectReason, number>;
};

type Rejection = {
  rowNumber: number;
  value: string;
  reason: RejectReason;
  detail: string;
  cells: Record<string, string>;
};
type Accepted = {
  rowNumber: number;
  address: string;
  phone: string | null;
  bsuid: string | null;
  country: string | null;
  contactId: string | null;
  variables: Record<string, string>;
  flowScheduledAt: Date | null;
  cells: Record<string, string>;
  rawAddress: string;
};

const BATCH = 1000;

export type CampaignKind = "TEMPLATE" | "FLOW";

/**
 * The draft a new import goes into, with the variables its template (or its flow) needs; with a `mapping`, every
 * one of them must be mapped (checkMappingCovers).
 */
export async function importTarget(
  campaignId: string,
  mapping?: VariablesMapping,
): Promise<{ variableNames: string[]; kind: CampaignKind }> {
  const target = await readImportTarget(campaignId);
  if (mapping) checkMappingCovers(target.variableNames, mapping, target.kind);
  return target;
}

async function readImportTarget(
  campaignId: string,
): Promise<{ variableNames: string[]; kind: CampaignKind }> {
  const campaign = await db.campaign.findUnique({
    where: { id: campaignId },
    select: {
      status: true,
      templateComponents: true,
      templateName: true,
      kind: true,
      flowName: true,
      flowVariables: true,
    },
  });
  if (!campaign) throw new AppError("NOT_FOUND", "This campaign does not exist.");
  if (campaign.status !== "DRAFT")
    throw new AppError("CONFLICT", "The audience of a launched campaign cannot change.");
  if (campaign.kind === "FLOW") {
    if (!campaign.flowName)
      throw new AppError(
        "CONFLICT",
        "Name the flow first: the audience's values are mapped to its variables.",
      );
    return { variableNames: campaign.flowVariables, kind: "FLOW" };
  }
  if (!campaign.templateName)
    throw new AppError(
      "CONFLICT",
      "Pick the template first: the audience's variables are checked against it.",
    );
  return {
    variableNames: templateVariables((campaign.templateComponents ?? []) as unknown as TemplateComponent[]),
    kind: "TEMPLATE",
  };
}

/** How a variable's value is checked: a template parameter's rules, or a flow variable's. */
function valueCheckFor(kind: CampaignKind | undefined): ValueCheck | undefined {
  return kind === "FLOW" ? checkFlowVariableValue : undefined;
}

/** Every variable mapped, and fixed values valid: a bad fixed value would otherwise reject every row. */
function checkMappingCovers(variableNames: string[], mapping: VariablesMapping, kind?: CampaignKind) {
  const missing = variableNames.filter((name) => !mapping[name]);
  if (missing.length > 0) {
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid request: variables.${missing[0]}: map this template variable to a column, a contact field or a fixed value`,
      {
        issues: missing.map((name) => ({ path: `variables.${name}`, message: "not mapped" })),
      },
    );
  }
  for (const name of variableNames) {
    const source = mapping[name];
    if (source?.kind !== "fixed") continue;
    const value = cleanValue(source.value);
    const checked =
      kind === "FLOW" ? { success: true as const } : templateParameterSchema.safeParse({ name, value });
    const flowProblem = kind === "FLOW" ? checkFlowVariableValue(name, value) : null;
    if (!checked.success || flowProblem !== null) {
      const message =
        flowProblem ??
        (checked.success ? "not a valid value" : (checked.error.issues[0]?.message ?? "not a valid value"));
      throw new AppError("VALIDATION_FAILED", `Invalid request: variables.${name}.value: ${message}`, {
        issues: [{ path: `variables.${name}.value`, message }],
      });
    }
  }
}

type ContactRow = { id: string; name: string | null; phone: string | null; bsuid: string | null };

/**
 * Existing contacts as import rows (the contacts and segment audiences), read page by page in id order:
 * `page(afterId, size)` returns the next contacts with an id above `afterId` ("" at first).
 */
export async function* contactCandidates(
  page: (afterId: string, size: number) => Promise<ContactRow[]>,
): AsyncGenerator<Candidate> {
  const size = 1000;
  let cursor = "";
  let rowNumber = 1;
  for (;;) {
    const rows = await page(cursor, size);
    for (const c of rows) {
      rowNumber++;
      yield {
        rowNumber,
        rawAddress: c.phone ?? c.bsuid ?? "",
        cells: { name: c.name ?? "", phone: c.phone ?? "", bsuid: c.bsuid ?? "" },
      };
    }
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    cursor = last.id;
  }
}

export type BatchOptions = {
  campaignId: string;
  sourceId: string;
  variableNames: string[];
  mapping: VariablesMapping;
  defaultCountry: string | null;
  /** Numbers the phone metadata calls unassigned are recipients (the user accepted them), not UNVERIFIED_NUMBER. */
  acceptUnverified?: boolean;
  /** FLOW: variable values follow the flow's rules (lib/connectly/flow-sendouts.ts). */
  kind?: CampaignKind;
  /** FLOW (CSV): the column with each recipient's start time (alpha upstream). */
  scheduledAtColumn?: string | null;
};

export async function importCandidates(
  options: BatchOptions & { rows: AsyncIterable<Candidate> },
): Promise<ImportSummary> {
  const summary: ImportSummary = {
    sourceId: options.sourceId,
    totalRows: 0,
    acceptedRows: 0,
    rejectedRows: 0,
    rejectedByReason: Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>,
  };
  // Two batches in flight: while one batch's writes run in PostgreSQL, the next is read (CSV parsing) and its
  // addresses resolved here. Writes stay in file order (a batch's writes start after the previous one's end), so
  // "the first row wins" among duplicates holds as before.
  let batch: Candidate[] = [];
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    batch = [];
    const addresses = resolveBatch(options, rows);
    await writing;
    writing = writeResolved(options, rows, addresses).then(({ accepted, rejected }) => {
      summary.totalRows += rows.length;
      summary.acceptedRows += accepted;
      summary.rejectedRows += rejected.length;
      for (const r of rejected) summary.rejectedByReason[r.reason]++;
    });
    writing.catch(() => {}); // awaited (and rethrown) at the next flush or below
  };
  try {
    for await (const row of options.rows) {
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length > 0) await flush();
  } catch (error) {
    await writing.catch(() => {}); // the caller discards the import: nothing of it may still be in flight
    throw error;
  }
  await writing;
  await db.campaignAudienceSource.update({
    where: { id: options.sourceId },
    data: {
      status: "READY",
      totalRows: summary.totalRows,
      acceptedRows: summary.acceptedRows,
      rejectedRows: summary.rejectedRows,
    },
    select: { id: true },
  });
  return summary;
}

/** One batch of rows: validated, matched to contacts, written as recipients and rejected rows. */
export async function writeBatch(
  options: BatchOptions,
  rows: Candidate[],
): Promise<{ accepted: number; rejected: Rejection[] }> {
  return writeResolved(options, rows, resolveBatch(options, rows));
}

/** Each row's address parsed (CPU only, no database): the part of a batch that can run ahead of the writes. */
function resolveBatch(options: BatchOptions, rows: Candidate[]): AddressResult[] {
  return rows.map((row) => resolveAddress(row.rawAddress, options.defaultCountry));
}

async function writeResolved(
  options: BatchOptions,
  rows: Candidate[],
  addresses: AddressResult[],
): Promise<{ accepted: number; rejected: Rejection[] }> {
  const rejected: Rejection[] = [];
  const resolved: (Accepted & { contactKey: string })[] = [];
  const refused: { row: Candidate; address: Extract<AddressResult, { ok: false }> }[] = [];
  const resolve = (row: Candidate, v: ResolvedAddress) =>
    resolved.push({
      rowNumber: row.rowNumber,
      ...v,
      contactId: null,
      variables: {},
      flowScheduledAt: null,
      cells: row.cells,
      rawAddress: row.rawAddress,
      contactKey: v.phone ?? v.bsuid ?? "",
    });
  for (const [i, row] of rows.entries()) {
    const address = addresses[i]!;
    if (address.ok) resolve(row, address.value);
    else refused.push({ row, address });
  }

  const phones = [...resolved, ...refused.map((r) => r.address)].flatMap((r) => (r.phone ? [r.phone] : []));
  const bsuids = resolved.flatMap((r) => (r.bsuid ? [r.bsuid] : []));
  const contacts = phones.length + bsuids.length === 0 ? [] : await findContactsByKeys(phones, bsuids);
  const byKey = new Map<string, (typeof contacts)[number]>();
  for (const c of contacts) {
    if (c.phone) byKey.set(c.phone, c);
    if (c.bsuid) byKey.set(c.bsuid, c);
  }
  for (const { row, address } of refused) {
    // A number that has written to us (or was accepted before) works, whatever the phone metadata says.
    if (address.phone && byKey.has(address.phone)) {
      resolve(row, {
        address: address.phone,
        phone: address.phone,
        bsuid: null,
        country: address.unverified?.country ?? null,
      });
    } else if (address.unverified && options.acceptUnverified) {
      resolve(row, address.unverified);
    } else {
      const reason = address.unverified ? "UNVERIFIED_NUMBER" : "BAD_NUMBER";
      rejected.push({
        rowNumber: row.rowNumber,
        value: row.rawAddress,
        reason,
        detail: address.detail,
        cells: row.cells,
      });
    }
  }
  // Rows rescued above go back to file order: it is the send order, and "same number as row N" names the first.
  if (resolved.length > 0 && refused.length > 0) resolved.sort((a, b) => a.rowNumber - b.rowNumber);

  const seen = new Map<string, number>();
  const accepted: Accepted[] = [];
  for (const r of resolved) {
    const reject = (reason: RejectReason, detail: string) =>
      rejected.push({ rowNumber: r.rowNumber, value: r.rawAddress, reason, detail, cells: r.cells });
    const contact = byKey.get(r.contactKey) ?? null;
    const earlier = seen.get(r.address);
    if (earlier !== undefined) {
      reject("DUPLICATE", `same number as row ${earlier} (${r.address})`);
      continue;
    }
    seen.set(r.address, r.rowNumber);
    if (contact?.optedOut) {
      reject("OPTED_OUT", `this customer opted out of messages (${r.address})`);
      continue;
    }
    const variables = resolveVariables(
      options.variableNames,
      options.mapping,
      { cells: r.cells, contact: contact ? { name: contact.name, phone: contact.phone } : null },
      valueCheckFor(options.kind),
    );
    if (!variables.ok) {
      reject(variables.reason, variables.detail);
      continue;
    }
    let flowScheduledAt: Date | null = null;
    if (options.scheduledAtColumn) {
      const at = parseFlowScheduledAt(r.cells[options.scheduledAtColumn]);
      if (!at.ok) {
        reject("INVALID_VARIABLE", at.detail);
        continue;
      }
      flowScheduledAt = at.value;
    }
    accepted.push({ ...r, contactId: contact?.id ?? null, variables: variables.variables, flowScheduledAt });
  }
  await linkNewContacts(accepted);

  let inserted = new Set<string>();
  if (accepted.length > 0) {
    const rowsInserted = await db.$queryRaw<{ address: string }[]>`
      INSERT INTO "CampaignRecipient" (id, "campaignId", "sourceId", address, phone, bsuid, country, "contactId", variables, "flowScheduledAt")
      SELECT v.id, ${options.campaignId}, ${options.sourceId}, v.address, v.phone, v.bsuid, v.country, v.contact_id, v.variables, v.flow_scheduled_at
      FROM unnest(${accepted.map(() => randomUUID())}::text[], ${accepted.map((a) => a.address)}::text[],
                  ${accepted.map((a) => a.phone)}::text[], ${accepted.map((a) => a.bsuid)}::text[],
                  ${accepted.map((a) => a.country)}::text[], ${accepted.map((a) => a.contactId)}::text[],
                  ${accepted.map((a) => JSON.stringify(a.variables))}::jsonb[],
                  ${accepted.map((a) => a.flowScheduledAt?.toISOString() ?? null)}::timestamptz[])
        WITH ORDINALITY AS v(id, address, phone, bsuid, country, contact_id, variables, flow_scheduled_at, ord)
      ORDER BY v.ord
      ON CONFLICT ("campaignId", address) DO NOTHING
      RETURNING address`;
    inserted = new Set(rowsInserted.map((r) => r.address));
  }
  for (const a of accepted) {
    if (!inserted.has(a.address)) {
      rejected.push({
        rowNumber: a.rowNumber,
        value: a.rawAddress,
        reason: "DUPLICATE",
        detail: `already in this campaign's audience from an earlier row or import (${a.address})`,
        cells: a.cells,
      });
    }
  }
  if (rejected.length > 0) {
    await db.$executeRaw`
      INSERT INTO "CampaignRejectedRow" (id, "campaignId", "sourceId", "rowNumber", value, reason, detail, cells)
      SELECT v.id, ${options.campaignId}, ${options.sourceId}, v.row_number, v.value, v.reason::"CampaignRejectReason", v.detail, v.cells
      FROM unnest(${rejected.map(() => randomUUID())}::text[], ${rejected.map((r) => r.rowNumber)}::int[],
                  ${rejected.map((r) => clip(r.value, MAX_REJECTED_TEXT))}::text[], ${rejected.map((r) => r.reason)}::text[],
                  ${rejected.map((r) => clip(r.detail, MAX_REJECTED_TEXT))}::text[], ${rejected.map((r) => JSON.stringify(boundedCells(r.cells)))}::jsonb[])
        AS v(id, row_number, value, reason, detail, cells)`;
  }
  return { accepted: inserted.size, rejected };
}

/**
 * Every accepted row becomes a contact (the webhook path's identity: the phone, or the BSUID for a phone-less
 * row), in one set-based insert per batch: existing contacts were found above and are reused; a contact created
 * meanwhile by a webhook or a concurrent import is skipped by ON CONFLICT and read back. Keys are inserted in
 * sorted order so two imports of overlapping lists take the unique-index locks in the same order.
 */
async function linkNewContacts(accepted: Accepted[]): Promise<void> {
  const missing = new Map<string, { phone: string | null; bsuid: string | null }>();
  for (const a of accepted) {
    if (a.contactId) continue;
    const key = a.phone ?? a.bsuid;
    if (key) missing.set(key, { phone: a.phone, bsuid: a.phone ? null : a.bsuid });
  }
  if (missing.size === 0) return;
  const identities = [...missing.values()].sort((x, y) =>
    (x.phone ?? x.bsuid ?? "") < (y.phone ?? y.bsuid ?? "") ? -1 : 1,
  );
  const created = await db.$queryRaw<{ id: string; phone: string | null; bsuid: string | null }[]>`
    INSERT INTO "Contact" (id, phone, bsuid, "updatedAt")
    SELECT v.id, v.phone, v.bsuid, now()
    FROM unnest(${identities.map(() => randomUUID())}::text[], ${identities.map((i) => i.phone)}::text[],
                ${identities.map((i) => i.bsuid)}::text[]) WITH ORDINALITY AS v(id, phone, bsuid, ord)
    ORDER BY v.ord
    ON CONFLICT DO NOTHING
    RETURNING id, phone, bsuid`;
  const idByKey = new Map<string, string>();
  for (const c of created) idByKey.set(c.phone ?? c.bsuid ?? "", c.id);
  const raced = identities.filter((i) => !idByKey.has(i.phone ?? i.bsuid ?? ""));
  if (raced.length > 0) {
    const phones = raced.flatMap((i) => (i.phone ? [i.phone] : []));
    const bsuids = raced.flatMap((i) => (i.bsuid ? [i.bsuid] : []));
    const found = await findContactsByKeys(phones, bsuids);
    for (const c of found) {
      if (c.phone) idByKey.set(c.phone, c.id);
      if (c.bsuid) idByKey.set(c.bsuid, c.id);
    }
  }
  for (const a of accepted) {
    if (!a.contactId) a.contactId = idByKey.get(a.phone ?? a.bsuid ?? "") ?? null;
  }
}

/**
 * The contacts with these phones or BSUIDs. A join on the keys as a relation, not `phone IN (…1,000 values)`:
 * for an IN list PostgreSQL may choose the inbox search's trigram GIN index on phone (pg_trgm serves `=` too),
 * which looks up every trigram of every number (phone numbers share most of theirs) and took 30 s for one
 * batch of 1,000 on a freshly filled table; joined, each key is one probe of the unique btree index (or a hash join).
 */
async function findContactsByKeys(phones: string[], bsuids: string[]) {
  return db.$queryRaw<
    { id: string; phone: string | null; bsuid: string | null; name: string | null; optedOut: boolean }[]
  >`
    SELECT c.id, c.phone, c.bsuid, c.name, c."optedOut" FROM unnest(${phones}::text[]) AS k(key) JOIN "Contact" c ON c.phone = k.key
    UNION
    SELECT c.id, c.phone, c.bsuid, c.name, c."optedOut" FROM unnest(${bsuids}::text[]) AS k(key) JOIN "Contact" c ON c.bsuid = k.key`;
}

/** Characters kept of a rejected row's value and detail (which quotes the value). */
const MAX_REJECTED_TEXT = 500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * A rejected row's cells as stored for the report: each cut to MAX_REJECTED_TEXT, and only as many as fit in
 * MAX_REJECTED_CELLS_CHARS (in column order), so 100,000 rejected wide rows cannot fill the database.
 */
function boundedCells(cells: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  let budget = MAX_REJECTED_CELLS_CHARS;
  for (const [column, value] of Object.entries(cells)) {
    const cell = clip(value, MAX_REJECTED_TEXT);
    budget -= column.length + cell.length;
    if (budget < 0) break;
    kept[column] = cell;
  }
  return kept;
}

export async function createSource(data: Prisma.CampaignAudienceSourceUncheckedCreateInput): Promise<string> {
  const source = await db.campaignAudienceSource.create({ data, select: { id: true } });
  return source.id;
}

/** A failed import leaves nothing behind (its recipients and rejected rows cascade). */
export async function discardSource(sourceId: string): Promise<void> {
  await db.campaignAudienceSource.deleteMany({ where: { id: sourceId } });
}
