"use client";

import Link from "next/link";

// The body of every route segment's error.tsx: what failed, a retry (re-fetches and re-renders the segment) and a
// way out. Rendered inside the segment's layout, so the navigation around it keeps working. Server errors arrive
// with a generic message and a digest that matches the server log; the message itself is never shown.

export function RouteError({ error, retry, what }: { error: unknown; retry: () => void; what: string }) {
  const digest =
    typeof error === "object" && error !== null && "digest" in error ? String(error.digest) : null;
  return (
    <main
      className="flex min-h-full flex-col items-center justify-center gap-3 px-4 py-16 text-center"
      data-testid="route-error"
    >
      <h1 role="alert" className="text-xl font-semibold text-slate-900">
        Something went wrong while showing {what}
      </h1>
      <p className="max-w-md text-sm text-slate-600">
        The rest of the dashboard still works. Try again; if it keeps failing, tell an admin
        {digest ? " and quote the reference below" : ""}.
      </p>
      <div className="flex items-center gap-3">
        <button
          type="button"
          onClick={() => retry()}
          className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2"
        >
          Try again
        </button>
        <Link href="/" className="text-sm font-medium text-emerald-700 hover:underline">
          Go to the start page
        </Link>
      </div>
      {digest ? <p className="font-mono text-xs text-slate-500">Reference {digest}</p> : null}
    </main>
  );
}
