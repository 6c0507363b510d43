"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CampaignAnalytics } from "@/components/analytics/campaign-analytics";
import { ChevronDownIcon } from "@/components/ui/icons";
import { funnelOptions } from "@/lib/analytics/queries";

export function CampaignAnalyticsClient({ campaignId }: { campaignId: string }) {
  // Shares the panel's cached funnel query: no extra request for the title.
  const { data } = useQuery(funnelOptions(campaignId));
  return (
    <main className="flex h-full min-h-0 flex-col">
      <header className="flex flex-wrap items-center gap-3 border-b border-slate-200 bg-white px-4 py-4 md:px-6">
        <Link
          href="/analytics"
          className="inline-flex items-center gap-1 text-sm text-slate-500 hover:text-slate-800"
        >
          <ChevronDownIcon className="rotate-90" />
          Analytics
        </Link>
        <h1 className="min-w-0 flex-1 truncate text-xl font-semibold text-slate-900">
          {data?.campaign.name ?? "Campaign"}
        </h1>
        <Link
          href={`/campaigns/${campaignId}`}
          className="text-sm font-medium text-emerald-700 hover:underline"
        >
          Open campaign
        </Link>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto p-4 md:p-6">
        <CampaignAnalytics campaignId={campaignId} />
      </div>
    </main>
  );
}
