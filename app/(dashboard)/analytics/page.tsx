import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { AnalyticsOverview } from "@/components/analytics/analytics-overview";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  await requirePageUser("analytics:read");
  return <AnalyticsOverview />;
}
