import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import {
  checkMappingCovers,
  createSource,
  discardSource,
  importCandidates,
  importTarget,
  type Candidate,
  type ImportSummary,
} from "./import-audience";
import type { ContactsFilter, ContactsImportInput } from "./schemas";

const PAGE = 1000;

function contactWhere(filter: ContactsFilter): Prisma.ContactWhereInput {
  const q = filter.q?.trim();
  const conversation: Prisma.ConversationWhereInput = {
    ...(filter.activeWithinDays
      ? { lastInboundAt: { gte: new Date(Date.now() - filter.activeWithinDays * 86_400_000) } }
      : {}),
    ...(filter.conversationStatus ? { status: filter.conversationStatus } : {}),
  };
  return {
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: "insensitive" } },
            { phone: { contains: q.replace(/[\s()-]/g, "") } },
            { bsuid: { contains: q } },
          ],
        }
      : {}),
    ...(Object.keys(conversation).length > 0 ? { conversation: { is: conversation } } : {}),
  };
}

export type ContactsPreview = {
  matching: number;
  optedOut: number;
  sample: { name: string | null; address: string }[];
};

/** How many contacts a filter picks (the builder shows it before importing). */
export async function previewContactsAudience(filter: ContactsFilter): Promise<ContactsPreview> {
  const where = contactWhere(filter);
  const [matching, optedOut, sample] = await Promise.all([
    db.contact.count({ where }),
    db.contact.count({ where: { AND: [where, { optedOut: true }] } }),
    db.contact.findMany({
      where: { AND: [where, { optedOut: false }] },
      select: { name: true, phone: true, bsuid: true },
      orderBy: { createdAt: "desc" },
      take: 5,
    }),
  ]);
  return {
    matching,
    optedOut,
    sample: sample.map((c) => ({ name: c.name, address: c.phone ?? c.bsuid ?? "" })),
  };
}

/** Existing contacts picked by a filter, through the same pipeline as a CSV (opt-outs, duplicates, variables). */
export async function importContactsAudience(
  campaignId: string,
  input: ContactsImportInput,
): Promise<ImportSummary> {
  const { variableNames, kind } = await importTarget(campaignId);
  checkMappingCovers(variableNames, input.variables, kind);
  const sourceId = await createSource({
    campaignId,
    kind: "CONTACTS",
    filter: input.filter as Prisma.InputJsonValue,
    mapping: { variables: input.variables } as Prisma.InputJsonValue,
  });
  const where = contactWhere(input.filter);

  async function* candidates(): AsyncGenerator<Candidate> {
    let cursor: string | undefined;
    let rowNumber = 1;
    for (;;) {
      const page = await db.contact.findMany({
        where,
        select: { id: true, name: true, phone: true, bsuid: true },
        orderBy: { id: "asc" },
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      for (const c of page) {
        rowNumber++;
        yield {
          rowNumber,
          rawAddress: c.phone ?? c.bsuid ?? "",
          cells: { name: c.name ?? "", phone: c.phone ?? "", bsuid: c.bsuid ?? "" },
        };
      }
      if (page.length < PAGE) return;
      cursor = page.at(-1)?.id;
    }
  }

  try {
    return await importCandidates({
      campaignId,
      sourceId,
      kind,
      variableNames,
      mapping: input.variables,
      defaultCountry: null,
      rows: candidates(),
    });
  } catch (error) {
    await discardSource(sourceId);
    throw error;
  }
}
