"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { formatDateTime } from "@/lib/format/date-time";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import {
  useDisableTwoFactor,
  useEnableTwoFactor,
  useRegenerateRecoveryCodes,
} from "@/lib/auth/hooks/use-two-factor";
import { accountKeys, twoFactorOptions, type TwoFactorView } from "@/lib/auth/queries";
import {
  enableTwoFactorSchema,
  twoFactorCodeSchema,
  type EnableTwoFactorInput,
  type TwoFactorCodeInput,
} from "@/lib/auth/schemas";
import { ErrorNote } from "@/components/ui/card";

const card = "rounded-xl border border-slate-200 bg-white p-5 shadow-sm";
const codeInput = "max-w-56 font-mono tracking-widest";

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
          <ErrorNote what="your two-factor settings" error={view.error} />
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
  const form = useForm<EnableTwoFactorInput>({
    resolver: zodResolver(enableTwoFactorSchema),
    defaultValues: { secret: setup.secret, code: "" },
  });
  const { errors } = form.formState;
  function submit(values: EnableTwoFactorInput) {
    enable.mutate(values, {
      onSuccess: (r) => onCodes(r.recoveryCodes),
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["code"] }),
    });
  }
  return (
    <form
      onSubmit={(e) => void form.handleSubmit(submit)(e)}
      noValidate
      className={`${card} space-y-4`}
      data-testid="two-factor-enrol"
    >
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
          <Field
            label="Enter the 6-digit code the app shows:"
            required
            error={errors.code?.message && `The code ${errors.code.message}.`}
          >
            <Input
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              className={codeInput}
              {...form.register("code")}
            />
          </Field>
        </li>
      </ol>
      <FormError message={errors.root?.server?.message} />
      <Button type="submit" variant="primary" pending={enable.isPending}>
        {enable.isPending ? "Checking…" : "Turn on two-factor sign-in"}
      </Button>
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
      <Button
        variant="primary"
        onClick={() => {
          onDone();
          // Back to the dashboard with the restriction lifted (the layout re-reads the session).
          void queryClient.invalidateQueries({ queryKey: accountKeys.all });
          window.location.reload();
        }}
      >
        I have saved them
      </Button>
    </section>
  );
}

function Enabled({ view, onCodes }: { view: TwoFactorView; onCodes: (c: string[]) => void }) {
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableTwoFactor();
  const form = useForm<TwoFactorCodeInput>({
    resolver: zodResolver(twoFactorCodeSchema),
    defaultValues: { code: "" },
  });
  const { errors } = form.formState;
  // Both buttons submit the one code; each checks it with the schema first.
  const run = (action: "regenerate" | "disable") =>
    form.handleSubmit(({ code }) => {
      const onError = (error: unknown) => applyServerErrors(error, form.setError, { fields: ["code"] });
      if (action === "regenerate")
        regenerate.mutate(code, { onSuccess: (r) => onCodes(r.recoveryCodes), onError });
      else disable.mutate(code, { onError });
    });
  return (
    <form
      onSubmit={(e) => void run("regenerate")(e)}
      noValidate
      className={`${card} space-y-4`}
      data-testid="two-factor-enabled"
    >
      <p className="text-sm text-slate-700">
        <span className="mr-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-800">
          On
        </span>
        since {view.status.enabledAt ? formatDateTime(view.status.enabledAt) : "—"} ·{" "}
        {view.status.recoveryCodesLeft} recovery {view.status.recoveryCodesLeft === 1 ? "code" : "codes"} left
      </p>
      <Field
        label="A current code (or a recovery code) to confirm:"
        required
        error={errors.code?.message && `The code ${errors.code.message}.`}
      >
        <Input autoComplete="one-time-code" maxLength={32} className={codeInput} {...form.register("code")} />
      </Field>
      <FormError message={errors.root?.server?.message} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" variant="primary" pending={regenerate.isPending}>
          New recovery codes
        </Button>
        {view.status.required ? (
          <p className="self-center text-xs text-slate-500">Admins must keep it on (Settings → Security).</p>
        ) : (
          <Button variant="danger" pending={disable.isPending} onClick={(e) => void run("disable")(e)}>
            Turn off
          </Button>
        )}
      </div>
    </form>
  );
}
