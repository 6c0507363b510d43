import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { AnalyticsClient } from "./page-client";

export const metadata: Metadata = { title: "Analytics" };

export default async function AnalyticsPage() {
  await requirePageUser("analytics:read");
  return <AnalyticsClient />;
}
