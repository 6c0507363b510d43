import "server-only";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import {
  latestSyncRuns,
  templateSelect,
  toTemplateDto,
  type TemplateDto,
  type TemplateSyncStatusDto,
} from "./read-models";
import type { ListTemplatesQuery } from "./schemas";
import { matchesTemplateSearch } from "./match-template";
import { isTemplateSyncRunning } from "./sync-lock";

export type TemplateListDto = {
  templates: TemplateDto[];
  /** Every language of the library (ignoring the filters), for the language filter. */
  languages: string[];
  sync: TemplateSyncStatusDto;
};

/** The library: filtered by status, category, language and a name or text search; removed templates only on request. */
export async function listTemplates(query: ListTemplatesQuery): Promise<TemplateListDto> {
  const where: Prisma.TemplateWhereInput = {
    ...(query.includeRemoved ? {} : { removedAt: null }),
    ...(query.status ? { status: query.status } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.language ? { language: query.language } : {}),
  };
  const [rows, languages, sync] = await Promise.all([
    db.template.findMany({ where, select: templateSelect, orderBy: [{ name: "asc" }, { language: "asc" }] }),
    db.template.findMany({
      where: { removedAt: null },
      distinct: ["language"],
      select: { language: true },
      orderBy: { language: "asc" },
    }),
    getTemplateSyncStatus(),
  ]);
  // The body text lives in the components JSON: the search runs here, on the (small) filtered library, with the
  // picker's rule, so both find the same templates.
  const templates = rows.map(toTemplateDto).filter((t) => !query.q || matchesTemplateSearch(t, query.q));
  return { templates, languages: languages.map((l) => l.language), sync };
}

export async function getTemplateSyncStatus(): Promise<TemplateSyncStatusDto> {
  const [running, runs] = await Promise.all([isTemplateSyncRunning(), latestSyncRuns()]);
  return { running, ...runs };
}
