import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { CampaignAnalytics } from "@/components/analytics/campaign-analytics";
import { CampaignDetail } from "@/components/campaigns/campaign-detail";
import { AppError } from "@/lib/app-error";
import { requirePageUser } from "@/lib/auth/session";
import { getCampaignDetail } from "@/lib/campaigns/read-models";
import { isStorableText } from "@/lib/security/storable-text";

export const metadata: Metadata = { title: "Campaign" };

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("campaigns:manage");
  const { id } = await params;
  if (!isStorableText(id)) notFound(); // /campaigns/%00
  const campaign = await getCampaignDetail(id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  if (campaign.status === "DRAFT") redirect(`/campaigns/new?id=${id}`);
  // Analytics panel (components/analytics) below the detail, in one scroll area with it.
  return (
    <div className="h-full overflow-y-auto [&>main]:h-auto [&>main]:overflow-visible">
      <CampaignDetail id={id} initial={campaign} />
      <div className="mx-auto max-w-6xl px-4 pb-4 md:px-6 md:pb-6">
        <CampaignAnalytics campaignId={id} />
      </div>
    </div>
  );
}
