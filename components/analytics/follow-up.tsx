"use client";

import { Button } from "@/components/ui/button";

import { useRouter } from "next/navigation";
import { MegaphoneIcon } from "@/components/ui/icons";
import { useCreateFollowUpSegment } from "@/lib/segments/hooks/use-segment-actions";
import { Card } from "@/components/ui/card";

const FOLLOW_UPS = [
  { kind: "not_read", title: "Did not read", body: "Delivered, but not read yet." },
  {
    kind: "read_not_replied",
    title: "Read but did not reply",
    body: "Read it, and wrote nothing within 72 hours.",
  },
  { kind: "clicked", title: "Clicked", body: "Clicked a button or link (Connectly's campaign report)." },
  {
    kind: "read_not_clicked",
    title: "Read but did not click",
    body: "Read it, and clicked nothing (per the campaign report).",
  },
] as const;

/**
 * One-click follow-ups: the campaign's engagement segment (made or reused) opens the campaign builder with that
 * audience picked. The segment is counted again when the follow-up is sent.
 */
export function FollowUpCard({ campaignId }: { campaignId: string }) {
  const router = useRouter();
  const create = useCreateFollowUpSegment(campaignId);
  return (
    <Card
      title="Follow up"
      description="A new campaign to the customers who did not engage: opens the campaign builder with them as the audience."
    >
      <div className="flex flex-wrap gap-3 p-4">
        {FOLLOW_UPS.map((f) => (
          <Button
            key={f.kind}
            disabled={create.isPending}
            onClick={() =>
              create.mutate(f.kind, {
                onSuccess: ({ segment }) => router.push(`/campaigns/new?segment=${segment.id}`),
              })
            }
            className="min-w-[14rem] flex-1 items-start! justify-start! gap-3! p-3! text-left font-normal whitespace-normal! hover:border-emerald-400 hover:bg-emerald-50/40"
          >
            <MegaphoneIcon className="mt-0.5 shrink-0 text-emerald-700" />
            <span>
              <span className="block text-sm font-medium text-slate-900">
                Follow up: {f.title.toLowerCase()}
              </span>
              <span className="block text-xs text-slate-500">{f.body}</span>
            </span>
          </Button>
        ))}
        {create.isError ? (
          <p role="alert" className="w-full text-sm text-red-700">
            {create.error.message}
          </p>
        ) : null}
      </div>
    </Card>
  );
}
