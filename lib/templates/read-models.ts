import "server-only";
import {
  templateVariables,
  variablesDerivable,
  type TemplateComponent,
} from "../connectly/template-components";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { parseTemplateComponents } from "./components";
import type { TemplateCategoryName, TemplateStatusName } from "./normalize";
import { iso } from "../format/date-time";

// Read models for templates. DTOs (plain JSON), never Prisma models, cross into client components.

export type TemplateDto = {
  id: string;
  name: string;
  language: string;
  category: TemplateCategoryName | null;
  categoryRaw: string;
  status: TemplateStatusName;
  statusRaw: string;
  rejectionReason: string | null;
  components: TemplateComponent[];
  /** The send parameters this template needs (templateVariables). */
  variables: string[];
  /** False when `variables` may be incomplete (unknown component kinds): the send form takes parameters by hand. */
  variablesDerivable: boolean;
  upstreamId: string | null;
  upstreamUpdatedAt: string | null;
  syncedAt: string;
  removedAt: string | null;
};

export type TemplateSyncRunDto = {
  id: string;
  trigger: string;
  outcome: "RUNNING" | "SUCCEEDED" | "FAILED";
  startedAt: string;
  finishedAt: string | null;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  error: string | null;
};

export type TemplateSyncStatusDto = {
  /** True while any app instance holds the sync lock. */
  running: boolean;
  lastRun: TemplateSyncRunDto | null;
  lastSucceededAt: string | null;
};

export const templateSelect = {
  id: true,
  name: true,
  language: true,
  category: true,
  categoryRaw: true,
  status: true,
  statusRaw: true,
  rejectionReason: true,
  components: true,
  upstreamId: true,
  upstreamUpdatedAt: true,
  syncedAt: true,
  removedAt: true,
} satisfies Prisma.TemplateSelect;

type TemplateRow = Prisma.TemplateGetPayload<{ select: typeof templateSelect }>;

export function toTemplateDto(row: TemplateRow): TemplateDto {
  const components = parseTemplateComponents(row.components);
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    category: row.category,
    categoryRaw: row.categoryRaw,
    status: row.status,
    statusRaw: row.statusRaw,
    rejectionReason: row.rejectionReason,
    components,
    variables: templateVariables(components),
    variablesDerivable: variablesDerivable(components),
    upstreamId: row.upstreamId,
    upstreamUpdatedAt: iso(row.upstreamUpdatedAt),
    syncedAt: row.syncedAt.toISOString(),
    removedAt: iso(row.removedAt),
  };
}

const runSelect = {
  id: true,
  trigger: true,
  outcome: true,
  startedAt: true,
  finishedAt: true,
  created: true,
  updated: true,
  unchanged: true,
  removed: true,
  error: true,
} satisfies Prisma.TemplateSyncRunSelect;

function toSyncRunDto(
  row: Prisma.TemplateSyncRunGetPayload<{ select: typeof runSelect }>,
): TemplateSyncRunDto {
  return { ...row, startedAt: row.startedAt.toISOString(), finishedAt: iso(row.finishedAt) };
}

export async function getSyncRunDto(id: string): Promise<TemplateSyncRunDto | null> {
  const row = await db.templateSyncRun.findUnique({ where: { id }, select: runSelect });
  return row ? toSyncRunDto(row) : null;
}

export async function latestSyncRuns(): Promise<{
  lastRun: TemplateSyncRunDto | null;
  lastSucceededAt: string | null;
}> {
  const [last, succeeded] = await Promise.all([
    db.templateSyncRun.findFirst({ orderBy: { startedAt: "desc" }, select: runSelect }),
    db.templateSyncRun.findFirst({
      where: { outcome: "SUCCEEDED" },
      orderBy: { startedAt: "desc" },
      select: { finishedAt: true },
    }),
  ]);
  return { lastRun: last ? toSyncRunDto(last) : null, lastSucceededAt: iso(succeeded?.finishedAt ?? null) };
}
