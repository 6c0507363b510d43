import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/safe-callback";
import { getCurrentUser } from "@/lib/auth/session";
import { AuthShell } from "@/components/auth/auth-shell";
import { LoginForm } from "@/components/auth/login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  // A repeated parameter arrives as an array: every field is checked before use.
  searchParams: Promise<{
    callbackUrl?: string | string[];
    error?: string | string[];
    invited?: string | string[];
  }>;
}) {
  const params = await searchParams;
  // No or a refused callback: the inbox, where "/" would redirect anyway (one hop fewer after signing in).
  const callbackUrl = safeCallbackUrl(params.callbackUrl, "/inbox");
  const error = typeof params.error === "string" ? params.error : undefined;
  const invited = typeof params.invited === "string" ? params.invited : undefined;
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <AuthShell>
      <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      {invited ? (
        <p role="status" className="mt-2 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Your account is ready. Sign in with the password you just chose.
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-500">Use the account your admin gave you.</p>
      )}
      <LoginForm callbackUrl={callbackUrl} initialError={error} initialEmail={invited} />
    </AuthShell>
  );
}
