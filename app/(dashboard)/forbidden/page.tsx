import Link from "next/link";
import { requirePageUser } from "@/lib/auth/session";

export const metadata = { title: "Not allowed" };

// Inside the dashboard layout, so the navigation stays: the user goes on to what their role does allow.
export default async function ForbiddenPage() {
  await requirePageUser(undefined, { allowWithoutTwoFactor: true });
  return (
    <main className="flex h-full flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-xl font-semibold">Your role does not give access to this page</h1>
      <p className="max-w-md text-sm text-slate-600">Ask an admin to change your role if you need it.</p>
      <Link href="/inbox" className="text-sm font-medium text-emerald-700 hover:underline">
        Back to the inbox
      </Link>
    </main>
  );
}
