import "server-only";
import { AppError } from "../api/errors";
import { db } from "../db";

export async function deleteCannedResponse(id: string): Promise<void> {
  const { count } = await db.cannedResponse.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("NOT_FOUND", "This quick reply no longer exists.");
}
