"use client";

import { Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";

import { Button, buttonClasses } from "@/components/ui/button";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ChevronDownIcon, FileIcon } from "@/components/ui/icons";
import type { RecipientRowDto } from "@/lib/analytics/list-campaign-recipients";
import { recipientsExportUrl, recipientsOptions, type RecipientTableFilter } from "@/lib/analytics/queries";
import type { FailureRowDto } from "@/lib/analytics/read-models";
import type { RecipientStatusFilter } from "@/lib/analytics/schemas";
import { formatAfter, formatStageTime } from "./format";
import { ErrorNote, Skeleton } from "@/components/ui/card";

const STATUS_OPTIONS: { value: "" | RecipientStatusFilter; label: string }[] = [
  { value: "", label: "All statuses" },
  { value: "PENDING", label: "Pending" },
  { value: "SENDING", label: "Sending" },
  { value: "SENT", label: "Sent" },
  { value: "DELIVERED", label: "Delivered" },
  { value: "READ", label: "Read" },
  { value: "REPLIED", label: "Replied" },
  { value: "CLICKED", label: "Clicked" },
  { value: "FAILED", label: "Failed" },
  { value: "UNKNOWN", label: "Outcome unknown" },
  { value: "SKIPPED", label: "Skipped" },
];

const BADGE: Record<string, string> = {
  PENDING: "bg-slate-100 text-slate-600",
  SENDING: "bg-slate-100 text-slate-600",
  SENT: "bg-sky-50 text-sky-800",
  DELIVERED: "bg-emerald-50 text-emerald-800",
  READ: "bg-emerald-100 text-emerald-900",
  FAILED: "bg-red-50 text-red-800",
  UNKNOWN: "bg-amber-50 text-amber-800",
  SKIPPED: "bg-slate-100 text-slate-500",
};
const LABEL = Object.fromEntries(STATUS_OPTIONS.map((o) => [o.value, o.label]));
const PAGE_SIZE = 25;

const filterKey = (f: RecipientTableFilter) => `${f.status ?? ""}|${f.error ?? ""}|${f.q ?? ""}`;

/**
 * The campaign's recipients, filterable by status, failure reason and a search over phone, BSUID and the
 * variables sent; keyset pages (Previous keeps the cursors it came through); the CSV export takes the same
 * filters.
 */
export function RecipientTable({
  campaignId,
  filter,
  onFilterChange,
  reasons,
  live,
}: {
  campaignId: string;
  filter: RecipientTableFilter;
  onFilterChange: (filter: RecipientTableFilter) => void;
  reasons: FailureRowDto[];
  live: boolean;
}) {
  // Paging and the search box belong to one filter: another filter starts again from page 1.
  const key = filterKey(filter);
  const [nav, setNav] = useState({ key, cursors: [null] as (number | null)[] });
  const cursors = nav.key === key ? nav.cursors : [null];
  const cursor = cursors.at(-1) ?? null;
  const [draft, setDraft] = useState({ key, text: filter.q ?? "" });
  const search = draft.key === key ? draft.text : (filter.q ?? "");

  function applySearch(text: string) {
    const next = { ...filter, q: text.trim() || undefined };
    setDraft({ key: filterKey(next), text });
    onFilterChange(next);
  }

  // Typing searches after a pause; Enter searches at once.
  useEffect(() => {
    if (draft.key !== key || draft.text.trim() === (filter.q ?? "")) return;
    const timer = setTimeout(() => {
      const next = { ...filter, q: draft.text.trim() || undefined };
      setDraft({ key: filterKey(next), text: draft.text });
      onFilterChange(next);
    }, 350);
    return () => clearTimeout(timer);
  }, [draft, key, filter, onFilterChange]);

  const page = useQuery({
    ...recipientsOptions(campaignId, filter, cursor, PAGE_SIZE),
    placeholderData: keepPreviousData,
    refetchInterval: live ? 10_000 : false,
  });
  const rows = page.data?.recipients ?? [];
  const filtered = Boolean(filter.status || filter.error || filter.q);

  return (
    <div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          applySearch(search);
        }}
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Status
          <Select
            compact
            className="font-normal"
            value={filter.status ?? ""}
            onChange={(e) =>
              onFilterChange({
                ...filter,
                status: (e.target.value || undefined) as RecipientStatusFilter | undefined,
              })
            }
          >
            {STATUS_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-slate-600">
          Failure reason
          <Select
            compact
            className="max-w-64 font-normal"
            value={filter.error ?? ""}
            onChange={(e) => onFilterChange({ ...filter, error: e.target.value || undefined })}
          >
            <option value="">Any reason</option>
            {reasons.map((r) => (
              <option key={`${r.state}:${r.filter}`} value={r.filter}>
                {r.title} ({r.code})
              </option>
            ))}
          </Select>
        </label>
        <div className="flex min-w-56 flex-1 flex-col gap-1 text-xs font-medium text-slate-600">
          <span aria-hidden>Search</span>
          <SearchInput
            label="Search"
            value={search}
            onChange={(text) => setDraft({ key, text })}
            placeholder="Phone, BSUID or a variable's value"
            className="font-normal"
          />
        </div>
        {filtered ? (
          <Button variant="ghost" size="sm" className="text-sm" onClick={() => onFilterChange({})}>
            Clear filters
          </Button>
        ) : null}
        <a
          href={recipientsExportUrl(campaignId, filter)}
          download
          className={`${buttonClasses({ size: "sm" })} ml-auto`}
          data-testid="export-csv"
        >
          <FileIcon />
          Export CSV
        </a>
      </form>

      <div
        role="region"
        aria-label="Recipients"
        tabIndex={0}
        className="mt-3 overflow-x-auto rounded-lg border border-slate-200 focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none"
      >
        <table className="w-full border-separate border-spacing-0 text-sm" aria-busy={page.isFetching}>
          <thead className="bg-slate-50 text-left text-xs tracking-wide text-slate-500 uppercase">
            <tr>
              {[
                "Recipient",
                "Status",
                "Sent",
                "Delivered",
                "Read",
                "Replied",
                "Clicked",
                "Failure",
                "Variables",
              ].map((h) => (
                <th key={h} className="border-b border-slate-200 px-3 py-2 font-medium whitespace-nowrap">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.isPending ? (
              Array.from({ length: 6 }, (_, i) => (
                <tr key={i}>
                  <td colSpan={9} className="border-b border-slate-100 px-3 py-2">
                    <Skeleton className="h-5" />
                  </td>
                </tr>
              ))
            ) : rows.length === 0 ? (
              <tr>
                <td colSpan={9} className="px-3 py-8 text-center text-sm text-slate-500">
                  {filtered
                    ? "No recipients match these filters. Try another status or reason, or clear the search."
                    : "This campaign has no recipients yet."}
                </td>
              </tr>
            ) : (
              rows.map((r) => <Row key={r.id} row={r} />)
            )}
          </tbody>
        </table>
      </div>
      {page.isError ? (
        <div className="mt-2">
          <ErrorNote what="recipients" error={page.error} />
        </div>
      ) : null}

      <nav aria-label="Recipient pages" className="mt-3 flex items-center gap-2 text-sm text-slate-600">
        <Button
          size="sm"
          disabled={cursors.length <= 1}
          onClick={() => setNav({ key, cursors: cursors.slice(0, -1) })}
        >
          <ChevronDownIcon className="rotate-90" />
          Previous
        </Button>
        <span aria-live="polite">Page {cursors.length}</span>
        <Button
          size="sm"
          disabled={!page.data?.nextCursor || page.isPlaceholderData}
          onClick={() => setNav({ key, cursors: [...cursors, page.data?.nextCursor ?? null] })}
        >
          Next
          <ChevronDownIcon className="-rotate-90" />
        </Button>
      </nav>
    </div>
  );
}

function Row({ row }: { row: RecipientRowDto }) {
  const cell = "border-b border-slate-100 px-3 py-2 align-top";
  const sentAt = row.sentAt ?? row.acceptedAt;
  // Later stages as the time since sending; the exact time is in the tooltip.
  const after = (iso: string | null) =>
    iso ? (
      <span className="whitespace-nowrap text-slate-600 tabular-nums" title={formatStageTime(iso)}>
        {sentAt ? formatAfter(sentAt, iso) : formatStageTime(iso)}
      </span>
    ) : (
      <span className="text-slate-300">–</span>
    );
  const variables = Object.entries(row.variables);
  return (
    <tr data-testid="recipient-row">
      <td className={cell}>
        <p className="font-medium whitespace-nowrap text-slate-800">
          {row.phone ?? row.bsuid ?? row.address}
        </p>
        <p className="text-xs text-slate-500">{row.country ?? "–"}</p>
      </td>
      <td className={cell}>
        <span
          className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${BADGE[row.state] ?? ""}`}
        >
          {LABEL[row.state] ?? row.state}
        </span>
        {row.skipReason ? (
          <p className="mt-0.5 text-xs text-slate-500">
            {row.skipReason === "OPTED_OUT" ? "Opted out" : "Cancelled"}
          </p>
        ) : null}
        {row.optOutAt ? (
          <p
            className="mt-0.5 text-xs whitespace-nowrap text-amber-700"
            title={formatStageTime(row.optOutAt)}
          >
            Opted out after this send
          </p>
        ) : null}
      </td>
      <td className={cell}>
        {sentAt ? (
          <span className="whitespace-nowrap text-slate-600 tabular-nums">{formatStageTime(sentAt)}</span>
        ) : (
          <span className="text-slate-300">–</span>
        )}
      </td>
      <td className={cell}>{after(row.deliveredAt)}</td>
      <td className={cell}>{after(row.readAt)}</td>
      <td className={cell}>{after(row.repliedAt)}</td>
      <td className={cell} data-testid="recipient-clicks">
        {row.clickedAt ? (
          <>
            {after(row.clickedAt)}
            <p className="text-xs whitespace-nowrap text-slate-500">{clickSummary(row)}</p>
          </>
        ) : (
          <span className="text-slate-300">–</span>
        )}
      </td>
      <td className={`${cell} max-w-64 min-w-48`}>
        {row.error ? (
          <>
            <p className="text-slate-800">{row.error.title}</p>
            <p className="font-mono text-[11px] text-slate-500">{row.error.code}</p>
          </>
        ) : (
          <span className="text-slate-300">–</span>
        )}
      </td>
      <td className={`${cell} max-w-56`}>
        {variables.length === 0 ? (
          <span className="text-slate-300">–</span>
        ) : (
          <p
            className="truncate text-xs text-slate-600"
            title={variables.map(([k, v]) => `${k}: ${v}`).join("\n")}
          >
            {variables.map(([k, v]) => (
              <span key={k} className="mr-2">
                <span className="text-slate-500">{k}</span> {v}
              </span>
            ))}
          </p>
        )}
      </td>
    </tr>
  );
}

/** "2 links · 1 button" from the campaign report's counts. */
function clickSummary(row: RecipientRowDto): string {
  const parts = [
    row.linkClicks > 0 ? `${row.linkClicks} ${row.linkClicks === 1 ? "link" : "links"}` : null,
    row.buttonClicks > 0 ? `${row.buttonClicks} ${row.buttonClicks === 1 ? "button" : "buttons"}` : null,
  ].filter(Boolean);
  return parts.join(" · ");
}
