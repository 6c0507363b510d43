import Link from "next/link";

export const metadata = { title: "Not allowed" };

export default function ForbiddenPage() {
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-3 px-4 text-center">
      <h1 className="text-xl font-semibold">Your role does not give access to this page</h1>
      <p className="max-w-md text-sm text-slate-600">Ask an admin to change your role if you need it.</p>
      <Link href="/inbox" className="text-sm font-medium text-emerald-700 hover:underline">
        Back to the inbox
      </Link>
    </main>
  );
}
