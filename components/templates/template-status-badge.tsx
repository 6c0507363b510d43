import type { TemplateDto } from "@/lib/templates/read-models";
import { CATEGORY_LABELS, describeRawStatus, explainRejection } from "@/lib/templates/normalize";

const STYLE: Record<TemplateDto["status"], string> = {
  APPROVED: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  PENDING: "bg-amber-50 text-amber-800 ring-amber-200",
  REJECTED: "bg-red-50 text-red-700 ring-red-200",
  UNKNOWN: "bg-slate-100 text-slate-600 ring-slate-200",
};

function statusLabel(template: Pick<TemplateDto, "status" | "statusRaw" | "removedAt">): string {
  if (template.removedAt) return "Removed";
  switch (template.status) {
    case "APPROVED":
      return "Approved";
    case "PENDING":
      return "In review";
    case "REJECTED":
      return "Rejected";
    default:
      return describeRawStatus(template.statusRaw).replace(/^./, (c) => c.toUpperCase());
  }
}

export function TemplateStatusBadge({
  template,
}: {
  template: Pick<TemplateDto, "status" | "statusRaw" | "removedAt">;
}) {
  const style = template.removedAt ? STYLE.UNKNOWN : STYLE[template.status];
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ${style}`}
      data-status={template.status}
    >
      {template.status === "PENDING" && !template.removedAt ? (
        <span className="mr-1 h-1.5 w-1.5 animate-pulse rounded-full bg-amber-500" />
      ) : null}
      {statusLabel(template)}
    </span>
  );
}

/** Why a template cannot be sent, in plain words; null when it can. */
export function unavailableReason(template: TemplateDto): string | null {
  if (template.removedAt) return "No longer in Connectly";
  switch (template.status) {
    case "APPROVED":
      return null;
    case "PENDING":
      return "Waiting for Meta's review";
    case "REJECTED":
      return `Rejected: ${explainRejection(template.rejectionReason).title}`;
    default:
      return `Not sendable (${describeRawStatus(template.statusRaw)})`;
  }
}

export function categoryLabel(template: Pick<TemplateDto, "category" | "categoryRaw">): string {
  return template.category ? CATEGORY_LABELS[template.category] : template.categoryRaw || "Uncategorised";
}
