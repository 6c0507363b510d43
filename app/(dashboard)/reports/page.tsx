import type { Metadata } from "next";
import { SupportReport } from "@/components/reports/support-report";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Support reports" };

export default async function ReportsPage() {
  await requirePageUser("reports:read");
  return <SupportReport />;
}
