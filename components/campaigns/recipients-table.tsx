"use client";

import { Select } from "@/components/ui/input";
import { ScrollRegion } from "@/components/ui/table";
import { Button } from "@/components/ui/button";
import { formatDateTime } from "@/lib/format/date-time";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { campaignKeys, recipientsOptions } from "@/lib/campaigns/queries";
import type { RecipientDto } from "@/lib/campaigns/read-models";
import {
  RECIPIENT_STATES,
  SKIP_REASONS,
  STATE_LABELS,
  type RecipientState,
  type SkipReason,
} from "@/lib/campaigns/states";
import { cardClass } from "./ui";

const STATE_STYLE: Record<RecipientState, string> = {
  PENDING: "bg-slate-100 text-slate-600",
  SENDING: "bg-sky-50 text-sky-700",
  UNKNOWN: "bg-amber-50 text-amber-800",
  SENT: "bg-sky-50 text-sky-800",
  FAILED: "bg-red-50 text-red-700",
  DELIVERED: "bg-emerald-50 text-emerald-800",
  READ: "bg-emerald-100 text-emerald-900",
  SKIPPED: "bg-slate-100 text-slate-600",
};

const time = (iso: string | null) => (iso ? formatDateTime(iso) : "—");

function reason(r: RecipientDto): string {
  if (r.state === "SKIPPED") return SKIP_REASONS[r.skipReason as SkipReason] ?? "Skipped";
  // Held by a send policy (lib/campaigns/policies/): quiet hours in their local time, or a delayed 131049 retry.
  if (r.state === "PENDING" && r.notBefore && Date.parse(r.notBefore) > Date.now()) {
    return `${r.heldReason === "LIMIT_RETRY" ? "Retry after WhatsApp's marketing limit" : "Held for quiet hours"} until ${formatDateTime(r.notBefore)}`;
  }
  return r.error?.title ?? "";
}

/** Recipients in send order, filterable by state, 50 at a time. */
export function RecipientsTable({
  campaignId,
  live,
  version,
}: {
  campaignId: string;
  live: boolean;
  version: string;
}) {
  const [state, setState] = useState<RecipientState | null>(null);
  const query = useInfiniteQuery({
    ...recipientsOptions(campaignId, state),
    refetchInterval: live ? 3000 : false,
  });
  // The progress card's counts are the source of truth: whenever they move (a short retry run can finish between
  // two polls, after which nothing polls), the rows are read again, so the table never lags behind the card.
  const queryClient = useQueryClient();
  const seen = useRef(version);
  useEffect(() => {
    if (seen.current === version) return;
    seen.current = version;
    void queryClient.invalidateQueries({ queryKey: campaignKeys.recipients(campaignId, null).slice(0, 3) });
  }, [version, campaignId, queryClient]);
  const rows = query.data?.pages.flatMap((p) => p.recipients) ?? [];

  return (
    <section className={cardClass} aria-labelledby="recipients-heading">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="recipients-heading" className="font-medium text-slate-900">
          Recipients
        </h2>
        <label className="flex items-center gap-2 text-sm text-slate-600">
          Show
          <Select
            compact
            value={state ?? ""}
            onChange={(e) => setState((e.target.value || null) as RecipientState | null)}
            className="py-1"
          >
            <option value="">All</option>
            {RECIPIENT_STATES.map((s) => (
              <option key={s} value={s}>
                {STATE_LABELS[s]}
              </option>
            ))}
          </Select>
        </label>
      </div>
      {query.isPending ? (
        <div className="mt-3 h-40 animate-pulse rounded-lg bg-slate-100" aria-busy="true" />
      ) : query.isError ? (
        <p role="alert" className="mt-3 text-sm text-red-700">
          {query.error.message}
        </p>
      ) : rows.length === 0 ? (
        <p className="mt-3 text-sm text-slate-500">
          {state ? `No recipient is ${STATE_LABELS[state].toLowerCase()}.` : "No recipients."}
        </p>
      ) : (
        <ScrollRegion label="Recipients table" className="mt-3">
          <table className="w-full text-sm">
            <thead className="text-left text-xs tracking-wide text-slate-500 uppercase">
              <tr>
                <th className="py-2 pr-3 font-medium">#</th>
                <th className="py-2 pr-3 font-medium">Recipient</th>
                <th className="py-2 pr-3 font-medium">State</th>
                <th className="py-2 pr-3 font-medium">Reason</th>
                <th className="py-2 pr-3 font-medium">Sent</th>
                <th className="py-2 pr-3 font-medium">Delivered</th>
                <th className="py-2 pr-3 font-medium">Read</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id} data-testid="recipient-row" data-state={r.state}>
                  <td className="py-2 pr-3 text-slate-500 tabular-nums">{r.seq}</td>
                  <td className="py-2 pr-3 text-slate-800 tabular-nums">
                    {r.address.replace(/^bsuid:/, "BSUID ")}{" "}
                    {r.country ? <span className="text-xs text-slate-500">{r.country}</span> : null}
                  </td>
                  <td className="py-2 pr-3">
                    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${STATE_STYLE[r.state]}`}>
                      {STATE_LABELS[r.state]}
                    </span>
                    {r.repliedAt ? <span className="ml-1 text-xs text-emerald-700">replied</span> : null}
                  </td>
                  <td className="max-w-72 truncate py-2 pr-3 text-slate-600" title={r.error?.action}>
                    {reason(r)}
                  </td>
                  <td className="py-2 pr-3 text-slate-600 tabular-nums">{time(r.sentAt ?? r.acceptedAt)}</td>
                  <td className="py-2 pr-3 text-slate-600 tabular-nums">{time(r.deliveredAt)}</td>
                  <td className="py-2 pr-3 text-slate-600 tabular-nums">{time(r.readAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {query.hasNextPage ? (
        <Button
          className="mt-3"
          onClick={() => void query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
        >
          {query.isFetchingNextPage ? "Loading…" : "Show more"}
        </Button>
      ) : null}
    </section>
  );
}
