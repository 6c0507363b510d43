import "server-only";
import { AppError } from "../api/errors";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { shortcutTaken, toCannedResponseDto } from "./create-canned-response";
import type { CannedResponseDto } from "./read-models";
import type { CannedResponseInput } from "./schemas";

export async function updateCannedResponse(id: string, input: CannedResponseInput): Promise<CannedResponseDto> {
  try {
    const row = await db.cannedResponse.update({
      where: { id },
      data: input,
      select: { id: true, shortcut: true, title: true, body: true, updatedAt: true },
    });
    return toCannedResponseDto(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") {
      throw new AppError("NOT_FOUND", "This quick reply no longer exists.");
    }
    throw shortcutTaken(error, input.shortcut) ?? error;
  }
}
