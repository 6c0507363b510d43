import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import type { LabelDto } from "./read-models";
import { MAX_LABELS, type CreateLabelInput } from "./schemas";
import { isUniqueViolation } from "../db-errors";

export function nameTaken(name: string): AppError {
  return new AppError("CONFLICT", `A label named "${name}" already exists.`, {
    issues: [{ path: "name", message: "already exists" }],
  });
}

/** A new label (admins, Settings → Labels). Names are unique regardless of case; audited. */
export async function createLabel(input: CreateLabelInput): Promise<LabelDto> {
  if ((await db.label.count()) >= MAX_LABELS) {
    throw new AppError(
      "CONFLICT",
      `There are already ${MAX_LABELS} labels: delete one you no longer use first.`,
    );
  }
  try {
    return await db.$transaction(async (tx) => {
      const label = await tx.label.create({
        data: { name: input.name, nameKey: input.name.toLowerCase(), color: input.color },
        select: { id: true, name: true, color: true },
      });
      await recordAuditEvent(
        {
          action: "label.created",
          targetType: "label",
          targetId: label.id,
          targetLabel: label.name,
          details: { color: label.color },
        },
        tx,
      );
      return label;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}
