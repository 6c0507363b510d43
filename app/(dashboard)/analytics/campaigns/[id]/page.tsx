import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { CampaignAnalyticsClient } from "@/components/analytics/campaign-analytics-page";

export const metadata: Metadata = { title: "Campaign analytics" };

export default async function CampaignAnalyticsPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("analytics:read");
  const { id } = await params;
  return <CampaignAnalyticsClient campaignId={id} />;
}
