import "server-only";
import { db } from "../db";

export type LabelDto = { id: string; name: string; color: string };
export type LabelWithUsageDto = LabelDto & { contacts: number; conversations: number };

/** Every label, by name, with how many contacts and conversations carry it (Settings → Labels, the pickers). */
export async function listLabels(): Promise<LabelWithUsageDto[]> {
  const rows = await db.label.findMany({
    select: {
      id: true,
      name: true,
      color: true,
      _count: { select: { contacts: true, conversations: true } },
    },
    orderBy: { nameKey: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    color: r.color,
    contacts: r._count.contacts,
    conversations: r._count.conversations,
  }));
}
