import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { requirePageUser } from "@/lib/auth/session";
import { LiveProvider } from "@/lib/realtime/live-provider";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Pages check again themselves (with their own permission); this only builds the navigation.
  const user = await requirePageUser(undefined, { allowWithoutTwoFactor: true });
  return (
    <LiveProvider me={{ id: user.id, name: user.name }} enabled={!user.mustEnrolTwoFactor}>
      <div className="flex h-full">
        <AppNav user={{ name: user.name, email: user.email, role: user.role }} />
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </LiveProvider>
  );
}
