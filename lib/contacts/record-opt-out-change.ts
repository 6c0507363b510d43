import "server-only";
import type { Prisma } from "../generated/prisma/client";

export type OptOutSource = "agent" | "connectly" | "keyword" | "merge" | "import" | "campaign report";

/** One line of a contact's opt-out history, written in the transaction that changed the flag. */
export async function recordOptOutChange(
  tx: Prisma.TransactionClient,
  change: {
    contactId: string;
    optedOut: boolean;
    source: OptOutSource;
    actorId?: string | null;
    actorLabel?: string | null;
    reason?: string | null;
  },
) {
  await tx.contactOptOutEvent.create({
    data: {
      contactId: change.contactId,
      optedOut: change.optedOut,
      source: change.source,
      actorId: change.actorId ?? null,
      actorLabel: change.actorLabel ?? null,
      reason: change.reason ?? null,
    },
    select: { id: true },
  });
}
