import { z } from "zod";

// Query-string schemas of the inbox routes (strings in, typed values out).
export const conversationListQuerySchema = z.object({
  status: z.enum(["OPEN", "PENDING", "RESOLVED"]).optional(),
  /** "me" = assigned to the signed-in agent, "unassigned" = nobody; absent = everyone's. */
  assignee: z.enum(["me", "unassigned"]).optional(),
  cursor: z.string().min(1).max(200).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /** A label id: conversations carrying it (on the conversation or its contact). */
  label: z.string().min(1).max(64).optional(),
  /** "breached": only conversations past an SLA target (lib/reports/sla.ts). */
  sla: z.enum(["breached"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const messageListQuerySchema = z.object({
  before: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
