import type { Metadata } from "next";
import { CampaignList } from "@/components/campaigns/campaign-list";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  await requirePageUser("campaigns:manage");
  return <CampaignList />;
}
