import type { Metadata } from "next";
import { SegmentsPage } from "@/components/segments/segments-page";
import { requirePageUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsRoute() {
  await requirePageUser("campaigns:manage");
  return <SegmentsPage />;
}
