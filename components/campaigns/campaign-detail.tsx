"use client";

import { Checkbox } from "@/components/ui/input";

import { Button, buttonClasses } from "@/components/ui/button";
import { formatDateTime, formatDuration } from "@/lib/format/date-time";
import { estimateSendSeconds } from "@/lib/send-budget/effective-pace";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { TemplatePreview } from "@/components/templates/template-preview";
import { FlowValues, flowLabel } from "./step-flow";
import { DownloadIcon, InfoIcon, PauseIcon, PlayIcon, RetryIcon, StopIcon } from "@/components/ui/icons";
import { useCampaignActions } from "@/lib/campaigns/hooks/use-campaign-actions";
import { campaignDetailOptions } from "@/lib/campaigns/queries";
import type { CampaignDetailDto } from "@/lib/campaigns/read-models";
import { CampaignStatusBadge } from "./campaign-status-badge";
import { fmt, percent } from "./format";
import { processed, ProgressBar, SEGMENTS } from "./progress-bar";
import { SendPoliciesPanel } from "./send-policies-panel";
import { RecipientsTable } from "./recipients-table";
import { cardClass } from "./ui";

export function CampaignDetail({ id, initial }: { id: string; initial: CampaignDetailDto }) {
  const router = useRouter();
  const query = useQuery({ ...campaignDetailOptions(id), initialData: { campaign: initial } });
  const c = query.data;
  const { control, retry } = useCampaignActions(id);
  const [confirm, setConfirm] = useState<"cancel" | "retry" | null>(null);
  const [includeUnknown, setIncludeUnknown] = useState(false);
  const rate = c.sendRate;

  const total = c.counts.total;
  const done = processed(c.counts);
  const left = c.counts.byState.PENDING + c.counts.byState.SENDING;
  const canRetry =
    (c.status === "COMPLETED" || c.status === "CANCELLED") &&
    !c.retryRun &&
    (c.retryable > 0 || c.counts.byState.UNKNOWN > 0);
  const actionError = control.error ?? retry.error;

  return (
    <main className="h-full overflow-y-auto">
      <div className="mx-auto max-w-6xl space-y-5 p-4 md:p-6">
        <header className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <Link href="/campaigns" className="text-sm text-slate-500 hover:text-slate-800">
              ← Campaigns
            </Link>
            <div className="mt-1 flex flex-wrap items-center gap-3">
              <h1 className="truncate text-xl font-semibold text-slate-900">{c.name}</h1>
              <CampaignStatusBadge status={c.status} />
            </div>
            <p className="mt-1 text-sm text-slate-600">
              {c.kind === "FLOW" ? `Flow ${flowLabel(c)}` : `${c.templateName} · ${c.templateLanguage}`} ·{" "}
              {fmt(c.ratePerSecond)} msg/s{c.sender ? ` · from ${c.sender}` : ""}
              {c.createdBy ? ` · by ${c.createdBy.name}` : ""}
            </p>
            {c.parent ? (
              <p className="mt-1 text-sm text-slate-600">
                Retry run of{" "}
                <Link
                  className="font-medium text-emerald-700 hover:underline"
                  href={`/campaigns/${c.parent.id}`}
                >
                  {c.parent.name}
                </Link>
              </p>
            ) : null}
            {c.retryRun ? (
              <p className="mt-1 text-sm text-slate-600">
                Failures re-sent in{" "}
                <Link
                  className="font-medium text-emerald-700 hover:underline"
                  href={`/campaigns/${c.retryRun.id}`}
                >
                  {c.retryRun.name}
                </Link>
              </p>
            ) : null}
          </div>
          <div className="flex flex-wrap gap-2">
            {c.status === "RUNNING" ? (
              <Button disabled={control.isPending} onClick={() => control.mutate({ action: "pause" })}>
                <PauseIcon /> Pause
              </Button>
            ) : null}
            {c.status === "PAUSED" ? (
              <Button
                variant="primary"
                disabled={control.isPending}
                onClick={() => control.mutate({ action: "resume" })}
              >
                <PlayIcon /> Resume
              </Button>
            ) : null}
            {c.status === "RUNNING" || c.status === "PAUSED" || c.status === "SCHEDULED" ? (
              <Button variant="danger" onClick={() => setConfirm("cancel")}>
                <StopIcon /> Cancel
              </Button>
            ) : null}
            {canRetry ? (
              <Button variant="primary" onClick={() => setConfirm("retry")}>
                <RetryIcon /> Retry failed ({fmt(c.retryable)})
              </Button>
            ) : null}
            {c.rejected.total > 0 ? (
              <a href={`/api/campaigns/${id}/rejected-rows`} download className={buttonClasses()}>
                <DownloadIcon /> Rejected rows
              </a>
            ) : null}
          </div>
        </header>

        {confirm === "cancel" ? (
          <div
            role="alertdialog"
            aria-labelledby="cancel-title"
            className="rounded-xl border border-red-200 bg-red-50 p-4"
          >
            <p id="cancel-title" className="font-medium text-red-900">
              Cancel this campaign?
            </p>
            <p className="mt-1 text-sm text-red-800">
              The {fmt(left)} recipients not sent yet will be skipped. Messages already sent stay sent. This
              cannot be undone.
            </p>
            <div className="mt-3 flex gap-2">
              <Button
                variant="danger"
                autoFocus
                onClick={() => control.mutate({ action: "cancel" }, { onSettled: () => setConfirm(null) })}
                disabled={control.isPending}
              >
                Cancel campaign
              </Button>
              <Button onClick={() => setConfirm(null)}>Keep it</Button>
            </div>
          </div>
        ) : null}
        {confirm === "retry" ? (
          <div
            role="alertdialog"
            aria-labelledby="retry-title"
            className="rounded-xl border border-emerald-200 bg-emerald-50 p-4"
          >
            <p id="retry-title" className="font-medium text-emerald-900">
              Re-send the {fmt(c.retryable)} retryable failures as a new run?
            </p>
            <p className="mt-1 text-sm text-emerald-900">
              Only temporary failures are retried; invalid numbers and opt-outs never are. Customers who opted
              out since are skipped.
            </p>
            {c.counts.byState.UNKNOWN > 0 ? (
              <Checkbox
                className="mt-2 text-emerald-900"
                checked={includeUnknown}
                onChange={(e) => setIncludeUnknown(e.target.checked)}
                label={`Also re-send the ${fmt(c.counts.byState.UNKNOWN)} recipients whose send was interrupted (they may get the message twice)`}
              />
            ) : null}
            <div className="mt-3 flex gap-2">
              <Button
                variant="primary"
                autoFocus
                disabled={retry.isPending || (c.retryable === 0 && !includeUnknown)}
                onClick={() =>
                  retry.mutate(
                    { includeUnknown },
                    {
                      onSuccess: (d) => router.push(`/campaigns/${d.campaign.id}`),
                      onSettled: () => setConfirm(null),
                    },
                  )
                }
              >
                Start retry run
              </Button>
              <Button onClick={() => setConfirm(null)}>Not now</Button>
            </div>
          </div>
        ) : null}
        {actionError ? (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-700">
            {actionError.message}
          </p>
        ) : null}

        {c.status === "PAUSED" && c.pausedReason ? (
          <div
            role="status"
            data-testid="paused-reason"
            className="flex items-start gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200"
          >
            <InfoIcon className="mt-0.5" />
            <p>
              <span className="font-medium">Paused by Connectly: {c.pausedReason.title}.</span>{" "}
              {c.pausedReason.action} Resume when the restriction is lifted; unsent recipients are kept.{" "}
              <span className="text-amber-700">({c.pausedReason.code})</span>
            </p>
          </div>
        ) : null}

        {c.status === "RUNNING" && c.workersAlive === 0 ? (
          <p className="flex items-start gap-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
            <InfoIcon className="mt-0.5" /> No campaign worker is running, so nothing is being sent. Start one
            with `npm start` (it runs one next to the app) or `npx tsx scripts/worker.ts`.
          </p>
        ) : null}

        <section className={cardClass} aria-labelledby="progress-heading">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="progress-heading" className="font-medium text-slate-900">
              Progress
            </h2>
            <p className="text-sm text-slate-600 tabular-nums" data-testid="campaign-progress-text">
              {fmt(done)} of {fmt(total)} processed ({percent(done, total)})
              {c.status === "RUNNING" && rate !== null ? ` · ${fmt(Math.round(rate))} msg/s` : ""}
              {c.status === "RUNNING" && left > 0
                ? ` · about ${formatDuration(estimateSendSeconds(left, c.ratePerSecond, c.sendBudget))} left`
                : ""}
              {c.status === "SCHEDULED"
                ? ` · starts ${c.scheduledAt ? formatDateTime(c.scheduledAt) : "—"}`
                : ""}
            </p>
          </div>
          <div className="mt-3">
            <ProgressBar counts={c.counts} size="lg" />
          </div>
          <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8">
            {[
              { state: "PENDING" as const, label: "Pending", dot: "bg-slate-200" },
              ...SEGMENTS.filter((s) => s.state === "SENDING"),
              ...SEGMENTS.filter((s) => s.state !== "SENDING"),
            ].map((s) => (
              <div
                key={s.state}
                className="rounded-lg bg-slate-50 px-3 py-2"
                data-testid={`count-${s.state}`}
              >
                <dt className="flex items-center gap-1.5 text-xs text-slate-500">
                  <span className={`h-2 w-2 rounded-full ${s.dot}`} aria-hidden />
                  {s.label}
                </dt>
                <dd className="mt-0.5 text-lg font-semibold text-slate-900 tabular-nums">
                  {fmt(c.counts.byState[s.state])}
                </dd>
              </div>
            ))}
          </dl>
          <p className="mt-3 text-xs text-slate-500">
            Started {c.startedAt ? formatDateTime(c.startedAt) : "—"}
            {c.completedAt ? ` · finished sending ${formatDateTime(c.completedAt)}` : ""}
            {c.counts.replied > 0 ? ` · ${fmt(c.counts.replied)} replied` : ""} · delivery reports keep
            arriving after the last send.
          </p>
        </section>

        <SendPoliciesPanel policy={c.policy} mode="progress" />

        <div className="grid grid-cols-1 gap-5 lg:grid-cols-[1fr_20rem]">
          <section className={cardClass} aria-labelledby="failures-heading">
            <h2 id="failures-heading" className="font-medium text-slate-900">
              Why recipients did not get it
            </h2>
            {c.failures.length === 0 && c.skipped.length === 0 && c.rejected.total === 0 ? (
              <p className="mt-2 text-sm text-slate-500">No failures so far.</p>
            ) : (
              <ul className="mt-3 divide-y divide-slate-100">
                {c.failures.map((f) => (
                  <li
                    key={`${f.state}-${f.code}`}
                    className="flex items-start justify-between gap-4 py-2.5"
                    data-testid="failure-reason"
                  >
                    <div>
                      <p className="text-sm font-medium text-slate-900">
                        {f.title}{" "}
                        {f.state === "UNKNOWN" ? (
                          <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-normal text-amber-800">
                            outcome unknown
                          </span>
                        ) : f.retryable ? (
                          <span className="ml-1 rounded bg-sky-100 px-1.5 py-0.5 text-xs font-normal text-sky-800">
                            retryable
                          </span>
                        ) : null}
                      </p>
                      <p className="text-xs text-slate-500">{f.action}</p>
                    </div>
                    <span className="shrink-0 text-sm font-semibold text-slate-900 tabular-nums">
                      {fmt(f.count)}
                    </span>
                  </li>
                ))}
                {c.skipped.map((s) => (
                  <li key={s.reason} className="flex justify-between gap-4 py-2.5">
                    <p className="text-sm text-slate-900">Skipped: {s.label.toLowerCase()}</p>
                    <span className="text-sm font-semibold tabular-nums">{fmt(s.count)}</span>
                  </li>
                ))}
                {c.rejected.total > 0 ? (
                  <li className="flex justify-between gap-4 py-2.5">
                    <p className="text-sm text-slate-900">
                      Rejected at import{" "}
                      <a
                        href={`/api/campaigns/${id}/rejected-rows`}
                        download
                        className="text-xs font-medium text-emerald-700 hover:underline"
                      >
                        download report
                      </a>
                    </p>
                    <span className="text-sm font-semibold tabular-nums">{fmt(c.rejected.total)}</span>
                  </li>
                ) : null}
              </ul>
            )}
          </section>
          <aside className={cardClass} aria-label="Message">
            <h2 className="text-sm font-medium text-slate-700">
              Message to {c.previews[0]?.address ?? "the first recipient"}
            </h2>
            {c.kind === "FLOW" ? (
              <FlowValues names={c.variables} values={c.previews[0]?.variables ?? {}} className="mt-3" />
            ) : (
              <TemplatePreview
                components={c.templateComponents}
                values={c.previews[0]?.variables ?? {}}
                className="mt-3"
              />
            )}
          </aside>
        </div>

        <RecipientsTable
          campaignId={id}
          live={c.status === "RUNNING"}
          version={`${c.status}:${Object.values(c.counts.byState).join(",")}`}
        />
      </div>
    </main>
  );
}
