import type { ReactNode } from "react";
import { AppNav } from "@/components/layout/app-nav";
import { requirePageUser } from "@/lib/auth/session";
import { LiveProvider } from "@/lib/realtime/live-provider";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Pages check again themselves (with their own permission); this only builds the navigation.
  const user = await requirePageUser(undefined, { allowWithoutTwoFactor: true });
  // Phone: a top bar above the page; from md up: the sidebar beside it. The page gets the rest of the screen and
  // scrolls inside itself (`h-full overflow-y-auto`); `min-w-0` lets wide tables scroll in their own box.
  return (
    <LiveProvider me={{ id: user.id, name: user.name }} enabled={!user.mustEnrolTwoFactor}>
      <div className="flex h-full flex-col md:flex-row">
        <AppNav user={{ name: user.name, email: user.email, role: user.role }} />
        <div className="min-h-0 min-w-0 flex-1">{children}</div>
      </div>
    </LiveProvider>
  );
}
