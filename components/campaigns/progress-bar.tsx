import type { RecipientCounts } from "@/lib/campaigns/count-recipients";
import type { RecipientState } from "@/lib/campaigns/states";

// One stacked bar for a campaign: each recipient state a segment, best outcome first.

export const SEGMENTS: { state: RecipientState; label: string; color: string; dot: string }[] = [
  { state: "READ", label: "Read", color: "bg-emerald-600", dot: "bg-emerald-600" },
  { state: "DELIVERED", label: "Delivered", color: "bg-emerald-400", dot: "bg-emerald-400" },
  { state: "SENT", label: "Sent", color: "bg-sky-400", dot: "bg-sky-400" },
  { state: "FAILED", label: "Failed", color: "bg-red-500", dot: "bg-red-500" },
  { state: "UNKNOWN", label: "Unknown", color: "bg-amber-400", dot: "bg-amber-400" },
  { state: "SKIPPED", label: "Skipped", color: "bg-slate-400", dot: "bg-slate-400" },
  { state: "SENDING", label: "Sending", color: "bg-sky-200", dot: "bg-sky-200" },
];

/** Recipients the worker is done with (everything but pending and sending). */
export function processed(counts: RecipientCounts): number {
  return counts.total - counts.byState.PENDING - counts.byState.SENDING;
}

export function ProgressBar({ counts, size = "sm" }: { counts: RecipientCounts; size?: "sm" | "lg" }) {
  const total = Math.max(1, counts.total);
  const done = processed(counts);
  const percent = Math.round((done / total) * 100);
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={counts.total}
      aria-valuenow={done}
      aria-label={`${done.toLocaleString()} of ${counts.total.toLocaleString()} recipients processed (${percent}%)`}
      className={`flex w-full overflow-hidden rounded-full bg-slate-100 ${size === "lg" ? "h-3" : "h-1.5"}`}
    >
      {SEGMENTS.map((s) => {
        const n = counts.byState[s.state];
        return n > 0 ? (
          <span
            key={s.state}
            className={`${s.color} h-full transition-[width] duration-500`}
            style={{ width: `${(n / total) * 100}%` }}
          />
        ) : null;
      })}
    </div>
  );
}
