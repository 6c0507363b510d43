import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
// Latency summaries and the fixed-width formatting of the report.

export type LatencySummary = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

/** Fewer samples than this and the percentile is not quoted (NaN, printed "-"): a p95 of 20 samples is the 19th. */
const MIN_SAMPLES = { p95: 50, p99: 100 } as const;

/** Nearest-rank percentiles of the finite values (NaN = never measured, or too few samples for it). */
export function summarize(values: readonly number[]): LatencySummary {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    p50: at(50),
    p95: sorted.length >= MIN_SAMPLES.p95 ? at(95) : NaN,
    p99: sorted.length >= MIN_SAMPLES.p99 ? at(99) : NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sum / sorted.length,
  };
}

export const fmtInt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "-");
export const fmtMs = (n: number) =>
  Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0)) : "-";
export const fmtRatio = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "-");

/** A right-aligned table (first column left-aligned) with a header rule. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * The results of the largest earlier run smaller than `size`, kept as `<prefix>-<size>.json` in `dir` (the benches
 * write one file per data size), or null: what a larger run prints its growth factors against.
 */
export function previousRun<T>(
  dir: string,
  prefix: string,
  size: number,
): { size: number; results: T } | null {
  if (!existsSync(dir)) return null;
  const pattern = new RegExp(`^${prefix}-(\\d+)\\.json$`);
  const smaller = readdirSync(dir)
    .map((f) => pattern.exec(f))
    .flatMap((m) => (m && Number(m[1]) < size ? [Number(m[1])] : []))
    .sort((a, b) => b - a)[0];
  if (smaller === undefined) return null;
  const results = JSON.parse(readFileSync(path.join(dir, `${prefix}-${smaller}.json`), "utf8")) as T;
  return { size: smaller, results };
}
