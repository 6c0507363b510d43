import "server-only";
import { AppError } from "../app-error";
import { campaignPolicySummary, type CampaignPolicySummaryDto } from "./policies/policy-summary";
import { effectivePace } from "../send-budget/effective-pace";
import { readSendBudget, type SendBudgetDto } from "../send-budget/read-budget";
import { templateVariables, type TemplateComponent } from "../connectly/template-components";
import { db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { countRecipients, emptyCounts, type RecipientCounts } from "./count-recipients";
import { renderPreview, type MessagePreview } from "./render-preview";
import type { CampaignListQuery, RecipientListQuery } from "./schemas";
import {
  REJECT_REASONS,
  SKIP_REASONS,
  type CampaignStatus,
  type RecipientState,
  type RejectReason,
  type SkipReason,
} from "./states";
import { explainFailure, type FailureReason } from "../analytics/explain-failure";
import { iso } from "../format/date-time";

// Read models for campaigns. DTOs (plain JSON), never Prisma models, cross into client components.

export type CampaignSummaryDto = {
  id: string;
  name: string;
  status: CampaignStatus;
  /** TEMPLATE or FLOW (a Connectly flow through send/campaigns). */
  kind: "TEMPLATE" | "FLOW";
  /** FLOW: the flow's name in Connectly and its pinned version (null = latest). */
  flowName: string | null;
  flowVersion: string | null;
  templateName: string | null;
  templateLanguage: string | null;
  ratePerSecond: number;
  sender: string | null;
  parentId: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  counts: RecipientCounts;
};

type FailureGroupDto = FailureReason & { state: "FAILED" | "UNKNOWN"; count: number };

type SourceDto = {
  id: string;
  kind: "CSV" | "CONTACTS" | "SEGMENT";
  /** PLANNED: a segment whose recipients are picked at launch. */
  status: "PLANNED" | "IMPORTING" | "READY" | "FAILED";
  fileName: string | null;
  totalRows: number;
  acceptedRows: number;
  rejectedRows: number;
  error: string | null;
  createdAt: string;
};

type RecipientPreviewDto = {
  address: string;
  country: string | null;
  variables: Record<string, string>;
  preview: MessagePreview;
};

export type CampaignDetailDto = CampaignSummaryDto & {
  upstreamName: string;
  templateCategory: string | null;
  templateComponents: TemplateComponent[];
  variables: string[];
  pausedAt: string | null;
  /** Set when the engine paused it because Connectly said more sends cannot succeed (explained). */
  pausedReason: FailureReason | null;
  /** The limits this campaign sends under: its pace is capped by them (review step, detail page). */
  sendBudget: SendBudgetDto;
  cancelledAt: string | null;
  parent: { id: string; name: string } | null;
  retryRun: { id: string; name: string; status: CampaignStatus } | null;
  sources: SourceDto[];
  rejected: {
    total: number;
    byReason: Record<RejectReason, number>;
    /** A few rows per reason (row number, value, why), so the review step can say what went wrong on screen. */
    examples: { reason: RejectReason; rowNumber: number; value: string | null; detail: string }[];
  };
  skipped: { reason: string; label: string; count: number }[];
  failures: FailureGroupDto[];
  /** FAILED recipients whose failure the error catalogue marks retryable. */
  retryable: number;
  previews: RecipientPreviewDto[];
  /** Seconds to send what is still pending at the configured rate. */
  estimatedSeconds: number;
  /** Sends accepted per second over the last 5 s, while running. */
  sendRate: number | null;
  workersAlive: number;
  /** Send policies (quiet hours, per-contact cap, 131049 retry) and the recipients they hold now. */
  policy: CampaignPolicySummaryDto;
};

export type RecipientDto = {
  id: string;
  seq: number;
  address: string;
  country: string | null;
  state: RecipientState;
  skipReason: string | null;
  error: FailureReason | null;
  variables: Record<string, string>;
  sendingAt: string | null;
  acceptedAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
  repliedAt: string | null;
  /** Held by a send policy until this instant (heldReason QUIET_HOURS or LIMIT_RETRY). */
  notBefore: string | null;
  heldReason: string | null;
};

const summarySelect = {
  id: true,
  name: true,
  status: true,
  kind: true,
  flowName: true,
  flowVersion: true,
  templateName: true,
  templateLanguage: true,
  ratePerSecond: true,
  sender: true,
  parentId: true,
  scheduledAt: true,
  startedAt: true,
  completedAt: true,
  createdAt: true,
  stats: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.CampaignSelect;

type SummaryRow = Prisma.CampaignGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow, counts: RecipientCounts): CampaignSummaryDto {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    kind: row.kind,
    flowName: row.flowName,
    flowVersion: row.flowVersion,
    templateName: row.templateName,
    templateLanguage: row.templateLanguage,
    ratePerSecond: row.ratePerSecond,
    sender: row.sender,
    parentId: row.parentId,
    scheduledAt: iso(row.scheduledAt),
    startedAt: iso(row.startedAt),
    completedAt: iso(row.completedAt),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    counts,
  };
}

export async function listCampaigns(
  query: CampaignListQuery,
): Promise<{ campaigns: CampaignSummaryDto[]; nextCursor: string | null }> {
  const rows = await db.campaign.findMany({
    where: query.status ? { status: query.status } : {},
    select: summarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, query.limit);
  // Drafts have no snapshot yet (the worker recounts only launched campaigns): count them directly.
  const campaigns = await Promise.all(
    page.map(async (row) => {
      const snapshot = row.stats as RecipientCounts | null;
      const counts =
        snapshot && row.status !== "DRAFT"
          ? { ...emptyCounts(), ...snapshot }
          : await countRecipients(row.id);
      return toSummary(row, counts);
    }),
  );
  return { campaigns, nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getCampaignDetail(id: string): Promise<CampaignDetailDto> {
  const row = await db.campaign.findUnique({
    where: { id },
    select: {
      ...summarySelect,
      upstreamName: true,
      templateCategory: true,
      templateComponents: true,
      flowVariables: true,
      pausedAt: true,
      pausedReason: true,
      sender: true,
      cancelledAt: true,
      parent: { select: { id: true, name: true } },
      retryRun: { select: { id: true, name: true, status: true } },
      sources: {
        select: {
          id: true,
          kind: true,
          status: true,
          fileName: true,
          totalRows: true,
          acceptedRows: true,
          rejectedRows: true,
          error: true,
          createdAt: true,
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", "This campaign does not exist.");

  const components = (row.templateComponents ?? []) as unknown as TemplateComponent[];
  const [
    counts,
    rejected,
    examples,
    skipped,
    failures,
    previewRows,
    workersAlive,
    recent,
    sendBudget,
    policy,
  ] = await Promise.all([
    countRecipients(id),
    db.campaignRejectedRow.groupBy({ by: ["reason"], where: { campaignId: id }, _count: { _all: true } }),
    // Three rows per reason, each an index probe on (campaignId, reason).
    db.$queryRaw<{ reason: RejectReason; rowNumber: number; value: string | null; detail: string }[]>`
      SELECT e.reason::text AS reason, e."rowNumber", e.value, e.detail
      FROM unnest(enum_range(NULL::"CampaignRejectReason")) AS r(reason)
      CROSS JOIN LATERAL (
        SELECT x.reason, x."rowNumber", x.value, x.detail FROM "CampaignRejectedRow" x
        WHERE x."campaignId" = ${id} AND x.reason = r.reason LIMIT 3
      ) e`,
    db.campaignRecipient.groupBy({
      by: ["skipReason"],
      where: { campaignId: id, state: "SKIPPED" },
      _count: { _all: true },
    }),
    db.campaignRecipient.groupBy({
      by: ["state", "errorCode"],
      where: { campaignId: id, state: { in: ["FAILED", "UNKNOWN"] } },
      _count: { _all: true },
    }),
    db.campaignRecipient.findMany({
      where: { campaignId: id },
      select: { address: true, country: true, variables: true },
      orderBy: { seq: "asc" },
      take: 3,
    }),
    db.campaignWorker.count({ where: { heartbeatAt: { gt: new Date(Date.now() - 15_000) } } }),
    row.status === "RUNNING"
      ? db.campaignRecipient.count({
          where: { campaignId: id, acceptedAt: { gt: new Date(Date.now() - 5000) } },
        })
      : Promise.resolve(null),
    readSendBudget(row.sender),
    campaignPolicySummary(id),
  ]);

  const byReason = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
  for (const group of rejected) byReason[group.reason] = group._count._all;
  const failureGroups: FailureGroupDto[] = failures
    .map((g) => ({
      ...explainFailure(g.errorCode, g.state),
      state: g.state as "FAILED" | "UNKNOWN",
      count: g._count._all,
    }))
    .sort((a, b) => b.count - a.count);
  const pending = counts.byState.PENDING + counts.byState.SENDING;

  return {
    ...toSummary(row, counts),
    upstreamName: row.upstreamName,
    templateCategory: row.templateCategory,
    templateComponents: components,
    // A flow's variables are the ones the builder listed (Connectly defines them per flow, no API reads them).
    variables: row.kind === "FLOW" ? row.flowVariables : templateVariables(components),
    pausedAt: iso(row.pausedAt),
    pausedReason: row.pausedReason ? explainFailure(row.pausedReason, "FAILED") : null,
    sendBudget,
    cancelledAt: iso(row.cancelledAt),
    parent: row.parent,
    retryRun: row.retryRun,
    sources: row.sources.map((s) => ({ ...s, createdAt: s.createdAt.toISOString() })),
    rejected: {
      total: Object.values(byReason).reduce((a, b) => a + b, 0),
      byReason,
      examples: examples.sort((a, b) => a.rowNumber - b.rowNumber),
    },
    skipped: skipped.map((g) => ({
      reason: g.skipReason ?? "UNKNOWN",
      label: SKIP_REASONS[(g.skipReason ?? "") as SkipReason] ?? "Skipped",
      count: g._count._all,
    })),
    failures: failureGroups,
    retryable: failureGroups
      .filter((g) => g.state === "FAILED" && g.retryable)
      .reduce((n, g) => n + g.count, 0),
    previews: previewRows.map((r) => {
      const variables = r.variables as Record<string, string>;
      return {
        address: r.address,
        country: r.country,
        variables,
        preview: renderPreview(components, variables),
      };
    }),
    estimatedSeconds: Math.ceil(
      pending / Math.max(1, effectivePace(row.ratePerSecond, sendBudget).perSecond),
    ),
    sendRate: recent === null ? null : recent / 5,
    workersAlive,
    policy,
  };
}

export async function listRecipients(
  campaignId: string,
  query: RecipientListQuery,
): Promise<{ recipients: RecipientDto[]; nextCursor: number | null }> {
  const rows = await db.campaignRecipient.findMany({
    where: {
      campaignId,
      ...(query.state ? { state: query.state } : {}),
      ...(query.cursor ? { seq: { gt: query.cursor } } : {}),
    },
    select: {
      id: true,
      seq: true,
      address: true,
      country: true,
      state: true,
      skipReason: true,
      errorCode: true,
      variables: true,
      sendingAt: true,
      acceptedAt: true,
      sentAt: true,
      deliveredAt: true,
      readAt: true,
      failedAt: true,
      repliedAt: true,
      notBefore: true,
      heldReason: true,
    },
    orderBy: { seq: "asc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    recipients: page.map((r) => ({
      id: r.id,
      seq: r.seq,
      address: r.address,
      country: r.country,
      state: r.state,
      skipReason: r.skipReason,
      error: r.errorCode ? explainFailure(r.errorCode, r.state) : null,
      variables: r.variables as Record<string, string>,
      sendingAt: iso(r.sendingAt),
      acceptedAt: iso(r.acceptedAt),
      sentAt: iso(r.sentAt),
      deliveredAt: iso(r.deliveredAt),
      readAt: iso(r.readAt),
      failedAt: iso(r.failedAt),
      repliedAt: iso(r.repliedAt),
      notBefore: iso(r.notBefore),
      heldReason: r.heldReason,
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}
