import type { Metadata } from "next";
import { listAuditActors } from "@/lib/audit/list-audit-events";
import { auditQuerySchema } from "@/lib/audit/schemas";
import { requirePageUser } from "@/lib/auth/session";
import { AuditClient } from "@/components/audit/audit-log";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requirePageUser("audit:read");
  const parsed = auditQuerySchema.safeParse(await searchParams);
  const { action, actorId, from, to } = parsed.success ? parsed.data : {};
  return <AuditClient actors={await listAuditActors()} initialFilters={{ action, actorId, from, to }} />;
}
