// Numbers for the campaign screens (dates and durations: lib/format/date-time.ts).

export const fmt = (n: number) => n.toLocaleString();

export function percent(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  const p = (part / whole) * 100;
  return `${p < 10 && p > 0 ? p.toFixed(1) : Math.round(p)}%`;
}
