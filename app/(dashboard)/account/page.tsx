import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { AccountClient } from "@/components/account/account-page";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  await requirePageUser();
  return <AccountClient />;
}
