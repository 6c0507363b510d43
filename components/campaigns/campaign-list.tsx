"use client";

import { Button } from "@/components/ui/button";

import { formatDateTime } from "@/lib/format/date-time";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { MegaphoneIcon, PlusIcon } from "@/components/ui/icons";
import { campaignListOptions } from "@/lib/campaigns/queries";
import { CAMPAIGN_STATUSES, type CampaignStatus } from "@/lib/campaigns/states";
import { CampaignStatusBadge } from "./campaign-status-badge";
import { fmt, percent } from "./format";
import { processed, ProgressBar } from "./progress-bar";
import { flowLabel } from "./step-flow";

const FILTER_LABEL: Record<CampaignStatus, string> = {
  DRAFT: "Drafts",
  SCHEDULED: "Scheduled",
  RUNNING: "Sending",
  PAUSED: "Paused",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

export function CampaignList() {
  const [status, setStatus] = useState<CampaignStatus | undefined>(undefined);
  const list = useQuery(campaignListOptions(status ? { status } : {}));
  const campaigns = list.data?.campaigns ?? [];

  return (
    <main className="h-full overflow-y-auto">
      <div className="mx-auto max-w-6xl p-4 md:p-6">
        <header className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold text-slate-900">Campaigns</h1>
            <p className="mt-1 text-sm text-slate-600">
              One approved template to a list of customers, paced and tracked per recipient.
            </p>
          </div>
          <Link
            href="/campaigns/new"
            className="inline-flex items-center gap-2 rounded-lg bg-emerald-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2"
          >
            <PlusIcon /> New campaign
          </Link>
        </header>

        <nav aria-label="Filter by status" className="mt-5 flex flex-wrap gap-1.5">
          {[undefined, ...CAMPAIGN_STATUSES].map((s) => (
            <Button
              key={s ?? "all"}
              size="sm"
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
              className="rounded-full! border-0 px-3 py-1 text-sm font-normal ring-1 ring-slate-200 aria-pressed:bg-slate-900 aria-pressed:text-white aria-pressed:ring-slate-900"
            >
              {s ? FILTER_LABEL[s] : "All"}
            </Button>
          ))}
        </nav>

        {list.isPending ? (
          <div className="mt-4 space-y-2" aria-busy="true" role="status" aria-label="Loading campaigns">
            {Array.from({ length: 4 }, (_, i) => (
              <div key={i} className="h-16 animate-pulse rounded-xl bg-slate-100" />
            ))}
          </div>
        ) : list.isError ? (
          <p role="alert" className="mt-6 rounded-lg bg-red-50 p-4 text-sm text-red-700">
            {list.error.message}
          </p>
        ) : campaigns.length === 0 ? (
          <div className="mt-6 flex flex-col items-center rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
            <MegaphoneIcon className="h-8 w-8 text-slate-500" />
            <p className="mt-3 font-medium text-slate-800">
              {status ? `No ${FILTER_LABEL[status].toLowerCase()} campaigns` : "No campaigns yet"}
            </p>
            <p className="mt-1 max-w-sm text-sm text-slate-500">
              Upload a spreadsheet of customers or pick existing contacts, choose an approved template, and
              send it at a pace WhatsApp accepts.
            </p>
            <Link href="/campaigns/new" className="mt-4 text-sm font-medium text-emerald-700 hover:underline">
              Create your first campaign
            </Link>
          </div>
        ) : (
          <div className="mt-4 overflow-hidden rounded-xl border border-slate-200 bg-white">
            <table className="w-full text-sm">
              <thead className="bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase">
                <tr>
                  <th className="px-4 py-2.5 font-medium">Campaign</th>
                  <th className="px-4 py-2.5 font-medium">Status</th>
                  <th className="w-72 px-4 py-2.5 font-medium">Progress</th>
                  <th className="px-4 py-2.5 text-right font-medium">Delivered</th>
                  <th className="px-4 py-2.5 text-right font-medium">Read</th>
                  <th className="px-4 py-2.5 text-right font-medium">Failed</th>
                  <th className="px-4 py-2.5 font-medium">Created</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {campaigns.map((c) => {
                  const { byState, total } = c.counts;
                  const delivered = byState.DELIVERED + byState.READ;
                  return (
                    <tr key={c.id} data-testid="campaign-row" className="group hover:bg-slate-50">
                      <td className="px-4 py-3">
                        <Link
                          href={c.status === "DRAFT" ? `/campaigns/new?id=${c.id}` : `/campaigns/${c.id}`}
                          className="font-medium text-slate-900 hover:text-emerald-700 focus:outline-none focus-visible:underline"
                        >
                          {c.name}
                        </Link>
                        <p className="text-xs text-slate-500">
                          {c.kind === "FLOW"
                            ? `Flow ${flowLabel(c)}`
                            : c.templateName
                              ? `${c.templateName} · ${c.templateLanguage}`
                              : "No template yet"}
                          {c.parentId ? " · retry run" : ""}
                        </p>
                      </td>
                      <td className="px-4 py-3">
                        <CampaignStatusBadge status={c.status} />
                      </td>
                      <td className="px-4 py-3">
                        {c.status === "DRAFT" ? (
                          <p className="text-xs text-slate-500">
                            {total > 0 ? `${fmt(total)} recipients ready` : "No audience yet"} ·{" "}
                            <Link
                              href={`/campaigns/new?id=${c.id}`}
                              className="font-medium text-emerald-700 hover:underline"
                            >
                              continue
                            </Link>
                          </p>
                        ) : (
                          <>
                            <ProgressBar counts={c.counts} />
                            <p className="mt-1 text-xs text-slate-500 tabular-nums">
                              {fmt(processed(c.counts))} / {fmt(total)} processed
                              {c.status === "SCHEDULED"
                                ? ` · starts ${c.scheduledAt ? formatDateTime(c.scheduledAt) : "—"}`
                                : ""}
                            </p>
                          </>
                        )}
                      </td>
                      <td className="px-4 py-3 text-right tabular-nums">
                        {fmt(delivered)}{" "}
                        <span className="text-xs text-slate-500">{percent(delivered, total)}</span>
                      </td>
                      <td className="px-4 py-3 text-right tabular-nums">{fmt(byState.READ)}</td>
                      <td
                        className={`px-4 py-3 text-right tabular-nums ${byState.FAILED > 0 ? "text-red-600" : ""}`}
                      >
                        {fmt(byState.FAILED)}
                      </td>
                      <td className="px-4 py-3 text-slate-500">{formatDateTime(c.createdAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </main>
  );
}
