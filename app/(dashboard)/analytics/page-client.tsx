"use client";

import { AnalyticsOverview } from "@/components/analytics/analytics-overview";

export function AnalyticsClient() {
  return <AnalyticsOverview />;
}
