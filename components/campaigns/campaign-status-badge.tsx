import type { CampaignStatus } from "@/lib/campaigns/states";

const STYLE: Record<CampaignStatus, string> = {
  DRAFT: "bg-slate-100 text-slate-700 ring-slate-200",
  SCHEDULED: "bg-sky-50 text-sky-800 ring-sky-200",
  RUNNING: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  PAUSED: "bg-amber-50 text-amber-800 ring-amber-200",
  COMPLETED: "bg-slate-100 text-slate-700 ring-slate-300",
  CANCELLED: "bg-red-50 text-red-700 ring-red-200",
};

const LABEL: Record<CampaignStatus, string> = {
  DRAFT: "Draft",
  SCHEDULED: "Scheduled",
  RUNNING: "Sending",
  PAUSED: "Paused",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span
      data-testid="campaign-status"
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${STYLE[status]}`}
    >
      {status === "RUNNING" ? (
        <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-emerald-500" aria-hidden />
      ) : null}
      {LABEL[status]}
    </span>
  );
}
