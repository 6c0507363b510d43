import type { Metadata } from "next";
import { requirePageUser } from "@/lib/auth/session";
import { TeamClient } from "@/components/team/team-page";

export const metadata: Metadata = { title: "Team" };

export default async function TeamPage() {
  const user = await requirePageUser("team:manage");
  return <TeamClient currentUserId={user.id} />;
}
