import { z } from "zod";
import { AUDIT_ACTION_NAMES } from "./actions";

const day = z.iso.date({ error: "must be a date (YYYY-MM-DD)" });

// The audit page's filters, as query-string values. Dates are whole UTC days, both ends included.
export const auditQuerySchema = z
  .object({
    action: z.enum(AUDIT_ACTION_NAMES, { error: "is not a known action" }).optional(),
    actorId: z.string().trim().min(1).max(64).optional(),
    from: day.optional(),
    to: day.optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "must not be before the start date",
    path: ["to"],
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;
export type AuditFilters = Pick<AuditQuery, "action" | "actorId" | "from" | "to">;
