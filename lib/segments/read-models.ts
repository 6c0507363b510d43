import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import { segmentFilterSchema, type SegmentFilter } from "./schemas";

export type SegmentDto = {
  id: string;
  name: string;
  filter: SegmentFilter;
  createdBy: string | null;
  updatedAt: string;
};

/** A stored filter, re-validated on read: one that no longer parses matches nobody rather than everybody. */
export function storedFilter(value: unknown): SegmentFilter {
  const parsed = segmentFilterSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  return {
    kind: "group",
    op: "and",
    items: [
      { kind: "optedOut", value: true },
      { kind: "optedOut", value: false },
    ],
  };
}

const select = {
  id: true,
  name: true,
  filter: true,
  updatedAt: true,
  createdBy: { select: { name: true } },
} as const;

function toDto(row: {
  id: string;
  name: string;
  filter: unknown;
  updatedAt: Date;
  createdBy: { name: string } | null;
}): SegmentDto {
  return {
    id: row.id,
    name: row.name,
    filter: storedFilter(row.filter),
    createdBy: row.createdBy?.name ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listSegments(): Promise<SegmentDto[]> {
  const rows = await db.segment.findMany({ select, orderBy: { nameKey: "asc" }, take: 500 });
  return rows.map(toDto);
}

export async function getSegment(id: string): Promise<SegmentDto> {
  const row = await db.segment.findUnique({ where: { id }, select });
  if (!row) throw new AppError("NOT_FOUND", "This segment does not exist.");
  return toDto(row);
}
