import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import {
  contactCandidates,
  createSource,
  discardSource,
  importCandidates,
  importTarget,
  type ImportSummary,
} from "./import-audience";
import type { ContactsFilter, ContactsImportInput } from "./schemas";

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
  const { variableNames, kind } = await importTarget(campaignId, input.variables);
  const sourceId = await createSource({
    campaignId,
    kind: "CONTACTS",
    filter: input.filter as Prisma.InputJsonValue,
    mapping: { variables: input.variables } as Prisma.InputJsonValue,
  });
  const where = contactWhere(input.filter);

  try {
    return await importCandidates({
      campaignId,
      sourceId,
      kind,
      variableNames,
      mapping: input.variables,
      defaultCountry: null,
      rows: contactCandidates((afterId, size) =>
        db.contact.findMany({
          where: { AND: [where, { id: { gt: afterId } }] },
          select: { id: true, name: true, phone: true, bsuid: true },
          orderBy: { id: "asc" },
          take: size,
        }),
      ),
    });
  } catch (error) {
    await discardSource(sourceId);
    throw error;
  }
}
