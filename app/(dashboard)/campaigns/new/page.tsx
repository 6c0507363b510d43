import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CampaignBuilder } from "@/components/campaigns/campaign-builder";
import { AppError } from "@/lib/app-error";
import { requirePageUser } from "@/lib/auth/session";
import { countryOptions } from "@/lib/campaigns/phone";
import { getCampaignDetail, type CampaignDetailDto } from "@/lib/campaigns/read-models";
import { isStorableText } from "@/lib/security/storable-text";
import { getSegment } from "@/lib/segments/read-models";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage({
  searchParams,
}: {
  searchParams: Promise<{ id?: string; segment?: string }>;
}) {
  await requirePageUser("campaigns:manage");
  const { id, segment } = await searchParams;
  // ?segment=<id>: the audience is preselected (the segments page, an analytics follow-up).
  let preselected: { id: string; name: string } | null = null;
  if (typeof segment === "string" && segment.length <= 64 && isStorableText(segment)) {
    try {
      preselected = await getSegment(segment);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
    }
  }
  let initial: CampaignDetailDto | null = null;
  if (id && isStorableText(id)) {
    try {
      initial = await getCampaignDetail(id);
    } catch (error) {
      if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
    }
    // A launched campaign has its own page; the builder only edits drafts.
    if (initial && initial.status !== "DRAFT") redirect(`/campaigns/${initial.id}`);
  }
  return (
    <CampaignBuilder
      key={initial?.id ?? "new"}
      initial={initial}
      countries={countryOptions()}
      initialSegmentId={preselected?.id ?? null}
      initialName={preselected ? preselected.name.slice(0, 120) : ""}
    />
  );
}
