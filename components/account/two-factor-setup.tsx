"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "@/lib/format/date-time";
import { ApiError } from "@/lib/api-client/fetch";
import {
  useDisableTwoFactor,
  useEnableTwoFactor,
  useRegenerateRecoveryCodes,
} from "@/lib/auth/hooks/use-two-factor";
import { accountKeys, twoFactorOptions, type TwoFactorView } from "@/lib/auth/queries";

const card = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm";
const input =
  "mt-1 block w-40 rounded-lg border border-slate-300 px-3 py-2 font-mono text-sm tracking-widest outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30";
const primary =
  "rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-50";

export function TwoFactorClient({ mustEnrol }: { mustEnrol: boolean }) {
  const view = useQuery(twoFactorOptions());
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <main className="h-full overflow-y-auto bg-slate-50 p-4 md:p-6">
      <div className="mx-auto max-w-2xl space-y-6">
        <header>
          <h1 className="text-xl font-semibold text-slate-900">Two-factor sign-in</h1>
          <p className="mt-1 text-sm text-slate-600">
            After your password, sign-in asks for a 6-digit code from an authenticator app on your phone
            (Google Authenticator, 1Password, Authy…). Recovery codes get you in if the phone is lost.
          </p>
        </header>
        {mustEnrol && !codes ? (
          <p
            role="alert"
            className="rounded-xl border-2 border-amber-400 bg-amber-50 p-4 text-sm text-amber-900"
          >
            Admins must use two-factor sign-in here. Set it up below to continue to the dashboard.
          </p>
        ) : null}
        {codes ? (
          <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />
        ) : view.isPending ? (
          <div className={`${card} h-40 animate-pulse`} aria-busy="true" />
        ) : view.isError ? (
          <p role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
            Could not load your two-factor settings: {view.error.message}
          </p>
        ) : view.data.status.enabled ? (
          <Enabled view={view.data} onCodes={setCodes} />
        ) : view.data.setup ? (
          <Enrol setup={view.data.setup} onCodes={setCodes} />
        ) : null}
      </div>
    </main>
  );
}

function Enrol({
  setup,
  onCodes,
}: {
  setup: { secret: string; uri: string };
  onCodes: (c: string[]) => void;
}) {
  const enable = useEnableTwoFactor();
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    enable.mutate({ secret: setup.secret, code }, { onSuccess: (r) => onCodes(r.recoveryCodes) });
  }
  return (
    <form onSubmit={onSubmit} className={`${card} space-y-4`} data-testid="two-factor-enrol">
      <ol className="list-decimal space-y-3 pl-5 text-sm text-slate-700">
        <li>
          In your authenticator app, add an account with this key (or open the link on the phone):
          <p
            className="mt-2 rounded-lg bg-slate-100 px-3 py-2 font-mono text-sm tracking-wider break-all text-slate-900"
            data-testid="totp-secret"
          >
            {setup.secret.match(/.{1,4}/g)?.join(" ")}
          </p>
          <p className="mt-1 text-xs break-all text-slate-500">
            <a className="underline" href={setup.uri}>
              {setup.uri}
            </a>
          </p>
        </li>
        <li>
          <label>
            Enter the 6-digit code the app shows:
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              className={input}
            />
          </label>
        </li>
      </ol>
      {enable.error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {enable.error.message}
        </p>
      ) : null}
      <button type="submit" disabled={enable.isPending} className={primary}>
        {enable.isPending ? "Checking…" : "Turn on two-factor sign-in"}
      </button>
    </form>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const queryClient = useQueryClient();
  return (
    <section className={`${card} space-y-4`} aria-labelledby="codes-heading" data-testid="recovery-codes">
      <h2 id="codes-heading" className="text-sm font-semibold text-slate-900">
        Your recovery codes
      </h2>
      <p className="text-sm text-slate-600">
        Each works once, instead of a code from the app. Keep them somewhere safe (a password manager): they
        are shown only now.
      </p>
      <ul className="grid grid-cols-2 gap-2 font-mono text-sm text-slate-900">
        {codes.map((c) => (
          <li key={c} className="rounded bg-slate-100 px-3 py-1.5">
            {c}
          </li>
        ))}
      </ul>
      <button
        type="button"
        className={primary}
        onClick={() => {
          onDone();
          // Back to the dashboard with the restriction lifted (the layout re-reads the session).
          void queryClient.invalidateQueries({ queryKey: accountKeys.all });
          window.location.reload();
        }}
      >
        I have saved them
      </button>
    </section>
  );
}

function Enabled({ view, onCodes }: { view: TwoFactorView; onCodes: (c: string[]) => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableTwoFactor();
  const [action, setAction] = useState<"regenerate" | "disable">("regenerate");
  const failed = regenerate.error ?? disable.error;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get("code") ?? "");
    if (action === "regenerate") regenerate.mutate(code, { onSuccess: (r) => onCodes(r.recoveryCodes) });
    else disable.mutate(code);
  }
  return (
    <form onSubmit={onSubmit} className={`${card} space-y-4`} data-testid="two-factor-enabled">
      <p className="text-sm text-slate-700">
        <span className="mr-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800">
          On
        </span>
        since {view.status.enabledAt ? formatDateTime(view.status.enabledAt) : "—"} ·{" "}
        {view.status.recoveryCodesLeft} recovery {view.status.recoveryCodesLeft === 1 ? "code" : "codes"} left
      </p>
      <label className="block text-sm text-slate-700">
        A current code (or a recovery code) to confirm:
        <input name="code" autoComplete="one-time-code" maxLength={32} required className={`${input} w-56`} />
      </label>
      {failed ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {failed instanceof ApiError ? failed.message : "That did not work."}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        <button type="submit" onClick={() => setAction("regenerate")} className={primary}>
          New recovery codes
        </button>
        {view.status.required ? (
          <p className="self-center text-xs text-slate-500">Admins must keep it on (Settings → Security).</p>
        ) : (
          <button
            type="submit"
            onClick={() => setAction("disable")}
            className="rounded-lg border border-red-300 px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50"
          >
            Turn off
          </button>
        )}
      </div>
    </form>
  );
}
