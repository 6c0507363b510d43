"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { RetryIcon } from "@/components/ui/icons";
import { exampleValues } from "@/lib/templates/build-form";
import { useSyncTemplates } from "@/lib/templates/hooks/use-sync-templates";
import { explainRejection } from "@/lib/templates/normalize";
import { templateListOptions } from "@/lib/templates/queries";
import type { TemplateDto } from "@/lib/templates/read-models";
import { TemplatePreview } from "./template-preview";
import { TemplateStatusBadge } from "./template-status-badge";

// After "Submit for review": the template's review status, followed until Meta decides.

export function TemplateCreated({ template, onAnother }: { template: TemplateDto; onAnother(): void }) {
  // Review has no webhook: the library's sync (and the scheduler's quicker rounds for new templates) brings the outcome.
  const list = useQuery({
    ...templateListOptions({ q: template.name }),
    refetchInterval: (q) =>
      q.state.data?.templates.find((t) => t.id === template.id)?.status === "PENDING" ? 3_000 : false,
  });
  const sync = useSyncTemplates();
  const current = list.data?.templates.find((t) => t.id === template.id) ?? template;
  return (
    <main className="h-full overflow-y-auto p-4 md:p-6">
      <div
        className="border-line bg-surface mx-auto max-w-xl rounded-xl border p-6"
        data-testid="template-created"
      >
        <div className="flex items-center gap-2">
          <h1 className="flex-1 text-lg font-semibold text-slate-900">
            {current.status === "PENDING"
              ? "Submitted for review"
              : current.status === "APPROVED"
                ? "Template approved"
                : "Template not approved"}
          </h1>
          <TemplateStatusBadge template={current} />
        </div>
        <p className="mt-1 text-sm text-slate-600">
          <span className="font-mono">{current.name}</span> ({current.language}){" "}
          {current.status === "PENDING"
            ? "is with Meta. This page updates by itself when the review is done."
            : current.status === "APPROVED"
              ? "was approved and can be sent now."
              : "was not approved."}
        </p>
        {current.status === "REJECTED" ? <RejectionReason reason={current.rejectionReason} /> : null}
        {current.status === "PENDING" ? (
          <Button size="sm" className="mt-3" onClick={() => sync.mutate()} disabled={sync.isPending}>
            <RetryIcon className={sync.isPending ? "animate-spin" : ""} /> Check now
          </Button>
        ) : null}
        <TemplatePreview
          components={current.components}
          values={exampleValues(current.components)}
          className="mt-4"
        />
        <div className="mt-4 flex gap-3">
          <Button asChild variant="primary">
            <Link href="/templates">Back to templates</Link>
          </Button>
          <Button variant="ghost" onClick={onAnother}>
            Create another
          </Button>
        </div>
      </div>
    </main>
  );
}

/** Why Meta said no, and what to change, where the user is (not only in the library). */
function RejectionReason({ reason }: { reason: string | null }) {
  const why = explainRejection(reason);
  return (
    <div
      role="alert"
      data-testid="rejection-reason"
      className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-900 ring-1 ring-red-200"
    >
      <p className="font-medium">Why: {why.title}</p>
      <p className="mt-0.5 text-red-800">{why.detail}</p>
    </div>
  );
}
