import type { ReactNode } from "react";

/** The centred card of the signed-out pages (sign-in, accept invite). */
export function AuthShell({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-full items-center justify-center bg-gradient-to-br from-emerald-50 via-slate-50 to-slate-100 px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span className="flex h-9 w-9 items-center justify-center rounded-xl bg-emerald-600 text-lg font-bold text-white">
            C
          </span>
          <span className="text-lg font-semibold text-slate-800">Connectly Dashboard</span>
        </div>
        <div className="rounded-2xl border border-slate-200 bg-white p-6 shadow-sm">{children}</div>
      </div>
    </main>
  );
}
