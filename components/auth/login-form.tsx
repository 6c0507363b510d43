"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { signInErrorMessage, TWO_FACTOR_INVALID, TWO_FACTOR_REQUIRED } from "@/lib/auth/sign-in-errors";
import { AuthFormFooter } from "@/components/ui/auth-form-footer";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

export function LoginForm({
  callbackUrl,
  initialError,
  initialEmail,
}: {
  callbackUrl: string;
  initialError?: string;
  initialEmail?: string;
}) {
  const [error, setError] = useState<string | null>(initialError ? signInErrorMessage(initialError) : null);
  const [pending, setPending] = useState(false);
  // Two-factor sign-in: after a right password the server asks for the code; the form then shows its field.
  const [askCode, setAskCode] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      ...(askCode ? { code: String(form.get("code") ?? "") } : {}),
      redirect: false,
    });
    if (result?.ok && !result.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setPending(false);
    if (result?.error === TWO_FACTOR_REQUIRED || result?.error === TWO_FACTOR_INVALID) setAskCode(true);
    setError(result?.error === TWO_FACTOR_REQUIRED ? null : signInErrorMessage(result?.error));
  }

  return (
    <form onSubmit={onSubmit} className="mt-5 space-y-4" noValidate>
      <Field label="Email">
        <Input
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus={!initialEmail}
          defaultValue={initialEmail}
          className="shadow-sm"
        />
      </Field>
      <Field label="Password">
        <Input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(initialEmail)}
          className="shadow-sm"
        />
      </Field>
      {askCode ? (
        <Field
          label="Two-factor code"
          hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        >
          <Input
            name="code"
            inputMode="text"
            autoComplete="one-time-code"
            required
            autoFocus
            maxLength={32}
            className="font-mono tracking-widest shadow-sm"
          />
        </Field>
      ) : null}
      <AuthFormFooter
        error={error}
        pending={pending}
        label={askCode ? "Verify and sign in" : "Sign in"}
        pendingLabel="Signing in…"
      />
    </form>
  );
}
