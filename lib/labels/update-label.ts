import "server-only";
import { AppError } from "../app-error";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db";
import { nameTaken } from "./create-label";
import type { LabelDto } from "./read-models";
import type { UpdateLabelInput } from "./schemas";
import { isUniqueViolation } from "../db-errors";

/** Rename and/or recolour a label; audited with the values before and after. */
export async function updateLabel(id: string, input: UpdateLabelInput): Promise<LabelDto> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.label.findUnique({ where: { id }, select: { name: true, color: true } });
      if (!before) throw new AppError("NOT_FOUND", "This label does not exist.");
      const label = await tx.label.update({
        where: { id },
        data: {
          ...(input.name !== undefined ? { name: input.name, nameKey: input.name.toLowerCase() } : {}),
          ...(input.color ? { color: input.color } : {}),
        },
        select: { id: true, name: true, color: true },
      });
      await recordAuditEvent(
        {
          action: "label.updated",
          targetType: "label",
          targetId: id,
          targetLabel: label.name,
          details: { before, after: { name: label.name, color: label.color } },
        },
        tx,
      );
      return label;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name ?? "");
    throw error;
  }
}
