import "server-only";
import { AppError } from "../app-error";
import { ConnectlyError } from "../connectly/client";
import { connectly } from "../connectly/config";
import { explainUpstreamError } from "../connectly/error-catalogue";
import { db } from "../db";
import { withConflictRetry } from "../db-retry";
import type { Prisma } from "../generated/prisma/client";
import { getSyncRunDto, templateSelect, type TemplateSyncRunDto } from "./read-models";
import { withTemplateSyncLock } from "./sync-lock";
import { normalizeUpstreamTemplates, type UpstreamTemplate } from "./upstream-templates";
import { log } from "../observability/logger";

// Templates from Connectly's get/templates (§7.2) into the Template table. Idempotent: a row changes only when
// upstream changed; a template that no longer comes back is marked removed (never deleted: sent messages keep
// their history). One run at a time across instances (sync-lock.ts); each run leaves a TemplateSyncRun row.

export type SyncTrigger = "schedule" | "manual" | "create";
export type SyncOutcome =
  | { outcome: "succeeded"; run: TemplateSyncRunDto }
  | { outcome: "skipped"; reason: "already_running" | "recently_synced" };

// What the library shows, plus the upstream fields a change is detected on.
const compareSelect = {
  ...templateSelect,
  upstreamGroupId: true,
  upstreamCreatedAt: true,
} satisfies Prisma.TemplateSelect;

function sameRow(
  row: Prisma.TemplateGetPayload<{ select: typeof compareSelect }>,
  next: UpstreamTemplate,
): boolean {
  const time = (d: Date | null) => d?.getTime() ?? null;
  return (
    row.removedAt === null &&
    row.category === next.category &&
    row.categoryRaw === next.categoryRaw &&
    row.status === next.status &&
    row.statusRaw === next.statusRaw &&
    row.rejectionReason === next.rejectionReason &&
    row.upstreamId === next.upstreamId &&
    row.upstreamGroupId === next.upstreamGroupId &&
    time(row.upstreamCreatedAt) === time(next.upstreamCreatedAt) &&
    time(row.upstreamUpdatedAt) === time(next.upstreamUpdatedAt) &&
    canonicalJson(row.components) === canonicalJson(next.components)
  );
}

/** JSON with object keys sorted: jsonb does not keep key order, so plain stringify would see false changes. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function data(next: UpstreamTemplate, now: Date) {
  return { ...next, components: next.components as Prisma.InputJsonValue, syncedAt: now, removedAt: null };
}

/** Writes one upstream snapshot; returns the counts. Exported so tests can apply a snapshot directly. */
async function applyTemplateSnapshot(templates: UpstreamTemplate[], now = new Date()) {
  return withConflictRetry(() =>
    db.$transaction(
      async (tx) => {
        const existing = await tx.template.findMany({ select: compareSelect });
        const byKey = new Map(existing.map((row) => [`${row.name}\u0000${row.language}`, row]));
        const counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
        const seen: string[] = [];
        for (const next of templates) {
          const row = byKey.get(`${next.name}\u0000${next.language}`);
          if (!row) {
            // upsert, not create: a template created through the app may have been inserted meanwhile.
            const created = await tx.template.upsert({
              where: { name_language: { name: next.name, language: next.language } },
              create: data(next, now),
              update: data(next, now),
              select: { id: true },
            });
            seen.push(created.id);
            counts.created++;
          } else if (sameRow(row, next)) {
            seen.push(row.id);
            counts.unchanged++;
          } else {
            await tx.template.update({ where: { id: row.id }, data: data(next, now) });
            seen.push(row.id);
            counts.updated++;
          }
        }
        // Raw on purpose: updateMany would bump @updatedAt, which should mean "content changed", not "seen again".
        await tx.$executeRaw`UPDATE "Template" SET "syncedAt" = ${now} WHERE id = ANY(${seen})`;
        const removed = await tx.template.updateMany({
          where: { removedAt: null, id: { notIn: seen } },
          data: { removedAt: now },
        });
        counts.removed = removed.count;
        return counts;
      },
      { timeout: 60_000 },
    ),
  );
}

function upstreamFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof ConnectlyError))
    return new AppError("INTERNAL", "The template sync failed on our side. The error was logged.");
  const explanation = explainUpstreamError({ ...error.body, code: error.code });
  const code =
    error.kind === "timeout" ? "UPSTREAM_TIMEOUT" : error.status === 429 ? "RATE_LIMITED" : "UPSTREAM_ERROR";
  return new AppError(
    code,
    `Could not read templates from Connectly: ${explanation.title}. ${explanation.action}`,
    {
      upstream: { ...explanation, traceId: error.body?.cntTraceId ?? null },
    },
  );
}

/**
 * Reads every template from Connectly and stores it; "skipped" when another run holds the lock, or, with
 * `skipIfSucceededWithinMs` (the scheduler's rounds), when some instance finished a sync that recently: N app
 * instances each run the scheduler, and without this check each would sync once per interval, one after another.
 */
export async function syncTemplates(
  trigger: SyncTrigger,
  options: { skipIfSucceededWithinMs?: number } = {},
): Promise<SyncOutcome> {
  const locked = await withTemplateSyncLock(async () => {
    if (options.skipIfSucceededWithinMs) {
      // Checked under the lock, so a run that finished a moment ago in another instance is seen.
      const since = new Date(Date.now() - options.skipIfSucceededWithinMs);
      const recent = await db.templateSyncRun.count({
        where: { outcome: "SUCCEEDED", startedAt: { gt: since } },
      });
      if (recent > 0) return null;
    }
    // We hold the lock, so a RUNNING row left behind is from a process that died mid-run.
    await db.templateSyncRun.updateMany({
      where: { outcome: "RUNNING" },
      data: {
        outcome: "FAILED",
        finishedAt: new Date(),
        error: "Interrupted (the app stopped during the sync).",
      },
    });
    const run = await db.templateSyncRun.create({ data: { trigger }, select: { id: true } });
    try {
      const body = await connectly().getTemplates();
      const { templates, skipped } = normalizeUpstreamTemplates(body);
      if (skipped > 0) log("templates").warn({ skipped }, "sync skipped malformed templates from Connectly");
      const counts = await applyTemplateSnapshot(templates);
      await db.templateSyncRun.update({
        where: { id: run.id },
        data: { outcome: "SUCCEEDED", finishedAt: new Date(), ...counts },
      });
      return run.id;
    } catch (error) {
      const failure = upstreamFailure(error);
      if (failure.code === "INTERNAL") log("templates").error({ err: error }, "sync failed");
      await db.templateSyncRun.update({
        where: { id: run.id },
        data: { outcome: "FAILED", finishedAt: new Date(), error: failure.message },
      });
      throw failure;
    }
  });
  if (!locked.acquired) return { outcome: "skipped", reason: "already_running" };
  if (locked.result === null) return { outcome: "skipped", reason: "recently_synced" };
  const run = await getSyncRunDto(locked.result);
  if (!run) throw new AppError("INTERNAL", "The sync run record disappeared.");
  return { outcome: "succeeded", run };
}
