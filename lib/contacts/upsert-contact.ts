import "server-only";
import type { Prisma } from "../generated/prisma/client";

export type Identity = { phone: string | null; bsuid: string | null; name: string | null };

/**
 * Finds or creates the contact for a customer identity. Keyed on the BSUID when one is known, on the phone
 * otherwise; a known phone that later arrives with a BSUID stays the same contact (the BSUID is added).
 * Concurrent first messages from one new customer race on the unique keys: the loser's transaction fails with
 * P2002 and the caller retries it (see withUniqueRetry).
 */
export async function upsertContact(tx: Prisma.TransactionClient, identity: Identity) {
  const select = {
    id: true,
    phone: true,
    bsuid: true,
    name: true,
    optedOut: true,
    nameSetByAgent: true,
  } as const;
  if (!identity.phone && !identity.bsuid) throw new Error("a customer identity needs a phone or a BSUID");

  const byBsuid = identity.bsuid
    ? await tx.contact.findUnique({ where: { bsuid: identity.bsuid }, select })
    : null;
  const byPhone = identity.phone
    ? await tx.contact.findUnique({ where: { phone: identity.phone }, select })
    : null;
  const existing = byBsuid ?? byPhone;

  if (!existing) {
    return tx.contact.create({
      data: { phone: identity.phone, bsuid: identity.bsuid, name: identity.name },
      select,
    });
  }
  const data: Prisma.ContactUpdateInput = {};
  // Fill in what we learn; never erase a known phone because a phone-less event arrived.
  if (identity.bsuid && existing.bsuid !== identity.bsuid && (!byBsuid || byBsuid.id === existing.id)) {
    data.bsuid = identity.bsuid; // BSUIDs are regenerated when a customer changes number: keep the latest.
  }
  if (identity.phone && !existing.phone && !byPhone) data.phone = identity.phone;
  // A name an agent typed wins over the WhatsApp profile name.
  if (identity.name && identity.name !== existing.name && !existing.nameSetByAgent) data.name = identity.name;
  if (Object.keys(data).length === 0) return existing;
  return tx.contact.update({ where: { id: existing.id }, data, select });
}
