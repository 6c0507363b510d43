import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/session";
import { AuthShell } from "../auth-shell";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string; invited?: string }>;
}) {
  const params = await searchParams;
  if (await getCurrentUser()) redirect(safeCallback(params.callbackUrl));
  return (
    <AuthShell>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      {params.invited ? (
        <p role="status" className="mt-2 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Your account is ready. Sign in with the password you just chose.
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-500">Use the account your admin gave you.</p>
      )}
      <LoginForm
        callbackUrl={safeCallback(params.callbackUrl)}
        initialError={params.error}
        initialEmail={params.invited}
      />
    </AuthShell>
  );
}

/** Only same-site paths: an open redirect after login is a phishing tool ("//evil", "/\\evil" are other hosts). */
function safeCallback(url: string | undefined): string {
  if (!url?.startsWith("/")) return "/inbox";
  const base = "http://same.invalid";
  const resolved = new URL(url, base);
  return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : "/inbox";
}
