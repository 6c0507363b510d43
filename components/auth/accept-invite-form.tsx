"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useRef, useState, type ChangeEvent } from "react";
import { MIN_PASSWORD_LENGTH } from "@/lib/team/schemas";
import { AuthFormFooter } from "@/components/ui/auth-form-footer";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// What the server action (app/(auth)/accept-invite/[token]/actions.ts) answers.
export type AcceptInviteState = {
  error: string | null;
  fieldErrors: Partial<Record<"name" | "password" | "confirmPassword", string>>;
  /** Typed back into the form after a refusal (React resets a form once its action ran); never the password. */
  name: string;
  /** Set once the account exists: the form then signs the new user in with the password still in its fields. */
  createdEmail?: string;
};

const INITIAL: AcceptInviteState = { error: null, fieldErrors: {}, name: "" };

export function AcceptInviteForm({
  token,
  email,
  acceptInviteAction,
}: {
  token: string;
  email: string;
  acceptInviteAction: (state: AcceptInviteState, data: FormData) => Promise<AcceptInviteState>;
}) {
  const [state, action, pending] = useActionState(acceptInviteAction, INITIAL);
  // Controlled, so a refused submit (mismatch, too short) keeps what was typed: React resets uncontrolled forms.
  const [password, setPassword] = useState("");
  const [confirmPassword, setConfirmPassword] = useState("");
  const [signingIn, setSigningIn] = useState(false);
  const started = useRef(false);
  const router = useRouter();

  // The account exists: sign in with the password just chosen and open the app (the login page if that fails).
  useEffect(() => {
    const email = state.createdEmail;
    if (!email || started.current) return;
    started.current = true;
    setSigningIn(true);
    void signIn("credentials", { email, password, redirect: false })
      .then((result) =>
        router.replace(result?.ok && !result.error ? "/" : `/login?invited=${encodeURIComponent(email)}`),
      )
      .catch(() => router.replace(`/login?invited=${encodeURIComponent(email)}`));
  }, [state.createdEmail, password, router]);

  return (
    <form action={action} className="mt-5 space-y-4" noValidate>
      {/* eslint-disable-next-line no-restricted-syntax -- A hidden value the server action reads: nothing to show, so no kit control. */}
      <input type="hidden" name="token" value={token} />
      <Field label="Email">
        <Input type="email" name="username" value={email} readOnly autoComplete="username" />
      </Field>
      <TextField
        name="name"
        label="Your name"
        noun="Your name"
        autoComplete="name"
        defaultValue={state.name}
        error={state.fieldErrors.name}
        autoFocus
      />
      <TextField
        name="password"
        label="Choose a password"
        noun="The password"
        type="password"
        autoComplete="new-password"
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.`}
        error={state.fieldErrors.password}
        value={password}
        onValue={setPassword}
      />
      <TextField
        name="confirmPassword"
        label="Repeat the password"
        noun="The repeated password"
        type="password"
        autoComplete="new-password"
        error={state.fieldErrors.confirmPassword}
        value={confirmPassword}
        onValue={setConfirmPassword}
      />
      <AuthFormFooter
        error={state.error}
        pending={pending || signingIn}
        label="Create account"
        pendingLabel={signingIn ? "Signing you in…" : "Creating your account…"}
      />
    </form>
  );
}

function TextField(props: {
  name: string;
  label: string;
  /** Starts the error sentence: "The password must be at least 12 characters". */
  noun: string;
  type?: string;
  autoComplete: string;
  defaultValue?: string;
  hint?: string;
  error?: string;
  autoFocus?: boolean;
  value?: string;
  onValue?: (value: string) => void;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error && `${props.noun} ${props.error}.`}>
      <Input
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        autoFocus={props.autoFocus}
        {...(props.onValue
          ? {
              value: props.value ?? "",
              onChange: (e: ChangeEvent<HTMLInputElement>) => props.onValue?.(e.target.value),
            }
          : { defaultValue: props.defaultValue })}
        required
        className="shadow-sm"
      />
    </Field>
  );
}
