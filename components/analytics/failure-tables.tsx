"use client";

import { Button } from "@/components/ui/button";

import type { CountryRowDto, FailureRowDto, LanguageRowDto } from "@/lib/analytics/read-models";
import { countryName, formatCount, formatRate, languageName } from "./format";
import { Empty, ShareBar } from "./ui";

const th =
  "border-b border-slate-200 px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
const td = "border-b border-slate-100 px-3 py-2 align-top";

type Column = { label: string; numeric?: boolean };

/**
 * The frame the three breakdown tables share: horizontal scroll (focusable, so the keyboard can scroll it; named
 * after the first column), header row, body rows.
 */
function BreakdownTable({
  columns,
  actions,
  children,
}: {
  columns: Column[];
  actions?: boolean;
  children: React.ReactNode;
}) {
  return (
    <div
      role="region"
      aria-label={`By ${columns[0]?.label.toLowerCase() ?? "row"}`}
      tabIndex={0}
      className="overflow-x-auto focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:outline-none"
    >
      <table className="w-full border-separate border-spacing-0 text-sm">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.label} className={c.numeric ? `${th} text-right` : th}>
                {c.label}
              </th>
            ))}
            {actions ? <th className={th} aria-label="Actions" /> : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** "12 (3.4%)", red when any failed. */
function FailedCell({ failed, rate }: { failed: number; rate: number | null }) {
  return (
    <td
      className={`${td} text-right whitespace-nowrap tabular-nums ${failed > 0 ? "text-red-700" : "text-slate-500"}`}
    >
      {formatCount(failed)} <span className="text-xs">({formatRate(rate)})</span>
    </td>
  );
}

/** Why messages failed, in the error catalogue's words; a row can filter the recipient table. */
export function FailureReasonTable({
  rows,
  onShow,
}: {
  rows: FailureRowDto[];
  onShow?: (row: FailureRowDto) => void;
}) {
  if (rows.length === 0) return <Empty>No failures. Every message that was attempted went through.</Empty>;
  return (
    <BreakdownTable
      columns={[
        { label: "Reason" },
        { label: "Recipients", numeric: true },
        { label: "Share" },
        { label: "Retry" },
      ]}
      actions={Boolean(onShow)}
    >
      {rows.map((row) => (
        <tr key={`${row.state}:${row.filter}`} data-testid="failure-row">
          <td className={td}>
            <p className="font-medium text-slate-800">{row.title}</p>
            <p className="mt-0.5 text-xs text-slate-500">{row.cause}</p>
            <p className="mt-0.5 font-mono text-[11px] text-slate-500">
              {row.code}
              {row.state === "UNKNOWN" ? " · outcome unknown" : ""}
            </p>
          </td>
          <td className={`${td} text-right text-slate-800 tabular-nums`}>{formatCount(row.count)}</td>
          <td className={td}>
            <ShareBar value={row.share} color="bg-red-400" label={formatRate(row.share)} />
          </td>
          <td className={td}>
            <span
              title={row.action}
              className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${
                row.retryable ? "bg-emerald-50 text-emerald-800" : "bg-slate-100 text-slate-600"
              }`}
            >
              {row.retryable ? "Retryable" : "Not retryable"}
            </span>
          </td>
          {onShow ? (
            <td className={`${td} text-right`}>
              <Button variant="link" className="text-xs" onClick={() => onShow(row)}>
                Show recipients
              </Button>
            </td>
          ) : null}
        </tr>
      ))}
    </BreakdownTable>
  );
}

export function CountryTable({ rows }: { rows: CountryRowDto[] }) {
  if (rows.length === 0) return <Empty>No recipients yet.</Empty>;
  return (
    <BreakdownTable
      columns={[
        { label: "Country" },
        { label: "Recipients", numeric: true },
        { label: "Delivered" },
        { label: "Failed", numeric: true },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.country ?? ""}>
          <td className={`${td} whitespace-nowrap text-slate-800`}>
            {countryName(row.country)} <span className="text-xs text-slate-500">{row.country ?? ""}</span>
          </td>
          <td className={`${td} text-right tabular-nums`}>{formatCount(row.total)}</td>
          <td className={td}>
            <ShareBar
              value={row.deliveryRate ?? 0}
              color="bg-emerald-500"
              label={formatRate(row.deliveryRate)}
            />
          </td>
          <FailedCell failed={row.failed} rate={row.failureRate} />
        </tr>
      ))}
    </BreakdownTable>
  );
}

export function LanguageTable({ rows }: { rows: LanguageRowDto[] }) {
  if (rows.length === 0) return <Empty>No campaigns in this range.</Empty>;
  return (
    <BreakdownTable
      columns={[
        { label: "Template language" },
        { label: "Campaigns", numeric: true },
        { label: "Sent", numeric: true },
        { label: "Failed", numeric: true },
      ]}
    >
      {rows.map((row) => (
        <tr key={row.language ?? ""}>
          <td className={`${td} text-slate-800`}>
            {languageName(row.language)}{" "}
            <span className="font-mono text-xs text-slate-500">{row.language ?? ""}</span>
          </td>
          <td className={`${td} text-right tabular-nums`}>{formatCount(row.campaigns)}</td>
          <td className={`${td} text-right tabular-nums`}>{formatCount(row.sent)}</td>
          <FailedCell failed={row.failed} rate={row.failureRate} />
        </tr>
      ))}
    </BreakdownTable>
  );
}
