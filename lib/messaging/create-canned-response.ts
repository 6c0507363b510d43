import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import type { CannedResponseDto } from "./read-models";
import type { CannedResponseInput } from "./schemas";
import { isUniqueViolation } from "../db-errors";

const select = { id: true, shortcut: true, title: true, body: true, updatedAt: true } as const;

export function toCannedResponseDto(row: {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  updatedAt: Date;
}): CannedResponseDto {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}

/** The shortcut is unique in the database; a clash is a 409 naming the shortcut, not a generic error. */
export function shortcutTaken(error: unknown, shortcut: string): AppError | null {
  if (isUniqueViolation(error)) {
    return new AppError("CONFLICT", `The shortcut /${shortcut} is already used by another quick reply.`, {
      field: "shortcut",
    });
  }
  return null;
}

export async function createCannedResponse(
  input: CannedResponseInput,
  authorId: string,
): Promise<CannedResponseDto> {
  try {
    const row = await db.cannedResponse.create({ data: { ...input, createdById: authorId }, select });
    return toCannedResponseDto(row);
  } catch (error) {
    throw shortcutTaken(error, input.shortcut) ?? error;
  }
}
