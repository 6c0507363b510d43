import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { SettingsClient } from "@/components/settings/settings-page";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requirePageUser("settings:manage");
  return <SettingsClient />;
}
