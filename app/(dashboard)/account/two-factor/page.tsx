import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { TwoFactorClient } from "@/components/account/two-factor-setup";

export const metadata: Metadata = { title: "Two-factor sign-in" };

export default async function TwoFactorPage() {
  const user = await requirePageUser(undefined, { allowWithoutTwoFactor: true });
  return <TwoFactorClient mustEnrol={Boolean(user.mustEnrolTwoFactor)} />;
}
