import "server-only";
import { AppError } from "../app-error";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { auditActionLabel } from "./actions";
import type { AuditQuery } from "./schemas";

export type AuditEventDto = {
  id: string;
  at: string;
  action: string;
  actionLabel: string;
  actor: { id: string; name: string; email: string } | null;
  actorLabel: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
};

export type AuditPage = { events: AuditEventDto[]; nextCursor: string | null };

// The cursor is the last row's (at, id), so a page never needs a lookup and rows arriving meanwhile do not shift it.
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    const date = new Date(String(at));
    if (typeof id === "string" && !Number.isNaN(date.getTime())) return { at: date, id };
  } catch {
    // fall through
  }
  throw new AppError("VALIDATION_FAILED", "Invalid query: cursor: is not a cursor this page gave out", {
    issues: [{ path: "cursor", message: "is not a cursor this page gave out" }],
  });
}

/** Audit entries, newest first, filtered by action, actor and UTC date range, cursor-paginated. */
export async function listAuditEvents(query: AuditQuery): Promise<AuditPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const at: Prisma.DateTimeFilter = {};
  if (query.from) at.gte = new Date(`${query.from}T00:00:00.000Z`);
  if (query.to) at.lt = new Date(new Date(`${query.to}T00:00:00.000Z`).getTime() + 86_400_000);
  const rows = await db.auditLog.findMany({
    where: {
      ...(query.action ? { action: query.action } : {}),
      ...(query.actorId ? { actorId: query.actorId } : {}),
      ...(query.from || query.to ? { at } : {}),
      ...(after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    select: {
      id: true,
      at: true,
      action: true,
      actorLabel: true,
      targetType: true,
      targetId: true,
      targetLabel: true,
      details: true,
      ip: true,
      userAgent: true,
      actor: { select: { id: true, name: true, email: true } },
    },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const names = await targetNames(page);
  return {
    events: page.map((r) => ({
      ...r,
      targetLabel:
        r.targetLabel ?? (r.targetId ? (names.get(`${r.targetType}:${r.targetId}`) ?? null) : null),
      at: r.at.toISOString(),
      actionLabel: auditActionLabel(r.action),
      details:
        r.details && typeof r.details === "object" && !Array.isArray(r.details)
          ? (r.details as Record<string, unknown>)
          : null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

/**
 * Names for entries recorded with only an id (older campaign events, a user's own sign-out or two-factor change):
 * the page shows who or what, never a bare id. One query per target type on the page.
 */
async function targetNames(
  rows: { targetType: string | null; targetId: string | null; targetLabel: string | null }[],
) {
  const missing = (type: string) => [
    ...new Set(
      rows.filter((r) => r.targetType === type && r.targetId && !r.targetLabel).map((r) => r.targetId!),
    ),
  ];
  const [campaigns, users, contacts] = await Promise.all([
    missing("campaign").length
      ? db.campaign.findMany({ where: { id: { in: missing("campaign") } }, select: { id: true, name: true } })
      : [],
    missing("user").length
      ? db.user.findMany({ where: { id: { in: missing("user") } }, select: { id: true, email: true } })
      : [],
    missing("contact").length
      ? db.contact.findMany({
          where: { id: { in: missing("contact") } },
          select: { id: true, name: true, phone: true, bsuid: true },
        })
      : [],
  ]);
  const names = new Map<string, string>();
  for (const c of campaigns) names.set(`campaign:${c.id}`, c.name);
  for (const u of users) names.set(`user:${u.id}`, u.email);
  for (const c of contacts) names.set(`contact:${c.id}`, c.name ?? c.phone ?? c.bsuid ?? c.id);
  return names;
}

/** Everyone who can appear as an actor, for the filter. */
export async function listAuditActors(): Promise<{ id: string; name: string; email: string }[]> {
  return db.user.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, email: true } });
}
