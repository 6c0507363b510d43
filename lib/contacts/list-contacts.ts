import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { nationalFormat } from "./format-phone";
import type { ContactFilter, ContactListQuery } from "./schemas";
import { containsPattern } from "../trigram-search";
import { contactSearchTerms } from "./search-terms";

// The contacts page: every contact, newest first, keyset-paginated on ("createdAt", id) (index
// Contact_createdAt_id_idx), so page 4,000 costs what page 1 does. Search is a substring match on name, BSUID and
// field values (one trigram-indexed column), or on the phone in any format (search-terms.ts).

export type ContactListItemDto = {
  id: string;
  name: string | null;
  phone: string | null;
  phoneNational: string | null;
  bsuid: string | null;
  optedOut: boolean;
  createdAt: string;
  /** The contact's labels, by name. */
  labels: { id: string; name: string; color: string }[];
};
export type ContactPageDto = { contacts: ContactListItemDto[]; nextCursor: string | null };

type Row = {
  id: string;
  name: string | null;
  phone: string | null;
  bsuid: string | null;
  optedOut: boolean;
  createdAt: Date;
  labels: { id: string; name: string; color: string }[] | null;
};

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime()))
    throw new AppError("VALIDATION_FAILED", "Invalid query: cursor: not a cursor from this list");
  return { createdAt: at, id };
}

/**
 * The WHERE clause of a filter, shared by the list and the export; `after` (the last row of the previous page)
 * adds the keyset condition of the newest-first order.
 */
export function contactWhere(
  filter: ContactFilter,
  after?: { createdAt: Date; id: string } | null,
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (after) conditions.push(Prisma.sql`(c."createdAt", c.id) < (${after.createdAt}, ${after.id})`);
  if (filter.q) {
    const { text, phoneDigits } = contactSearchTerms(filter.q);
    // "searchText" is name + BSUID + field values, lower-cased (a generated column, see the contacts_page migration).
    conditions.push(
      phoneDigits
        ? Prisma.sql`c.phone LIKE ${containsPattern(phoneDigits)}`
        : Prisma.sql`c."searchText" LIKE ${containsPattern(text.toLowerCase())}`,
    );
  }
  if (filter.optedOut !== undefined) conditions.push(Prisma.sql`c."optedOut" = ${filter.optedOut}`);
  return conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

export async function listContacts(query: ContactListQuery): Promise<ContactPageDto> {
  const clause = contactWhere(query, query.cursor ? decodeCursor(query.cursor) : null);
  const rows = await db.$queryRaw<Row[]>`
    SELECT c.id, c.name, c.phone, c.bsuid, c."optedOut", c."createdAt",
      (SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) ORDER BY l."nameKey")
        FROM "ContactLabel" xl JOIN "Label" l ON l.id = xl."labelId" WHERE xl."contactId" = c.id) AS labels
    FROM "Contact" c ${clause}
    ORDER BY c."createdAt" DESC, c.id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    contacts: page.map(toListItem),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

function toListItem(row: Row): ContactListItemDto {
  return {
    ...row,
    phoneNational: nationalFormat(row.phone),
    createdAt: row.createdAt.toISOString(),
    labels: row.labels ?? [],
  };
}
