"use server";

import { headers } from "next/headers";
import { AppError } from "@/lib/app-error";
import { isDatabaseUnavailable } from "@/lib/db-errors";
import { clientIp, userAgent } from "@/lib/security/client-ip";
import { acceptInvite } from "@/lib/team/accept-invite";
import { acceptInviteSchema } from "@/lib/team/schemas";
import type { AcceptInviteState } from "@/components/auth/accept-invite-form";

// The accept-invite form's submit. A server action rather than an API route: the page is public, and Next checks
// the Origin of server-action posts against the host, which is the CSRF guard here.
export async function acceptInviteAction(
  _previous: AcceptInviteState,
  form: FormData,
): Promise<AcceptInviteState> {
  const parsed = acceptInviteSchema.safeParse(
    Object.fromEntries(["token", "name", "password", "confirmPassword"].map((k) => [k, form.get(k) ?? ""])),
  );
  if (!parsed.success) {
    const fieldErrors: AcceptInviteState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if ((field === "name" || field === "password" || field === "confirmPassword") && !fieldErrors[field])
        fieldErrors[field] = issue.message;
    }
    return {
      error: Object.keys(fieldErrors).length ? null : "This invite link is not valid.",
      fieldErrors,
      name: String(form.get("name") ?? ""),
    };
  }
  const h = await headers();
  let email: string;
  try {
    ({ email } = await acceptInvite(parsed.data, { ip: clientIp(h), userAgent: userAgent(h) }));
  } catch (error) {
    const name = parsed.data.name;
    if (error instanceof AppError) return { error: error.message, fieldErrors: {}, name };
    if (isDatabaseUnavailable(error))
      return {
        error: "The server cannot reach its database right now. Try again in a moment.",
        fieldErrors: {},
        name,
      };
    throw error;
  }
  return { error: null, fieldErrors: {}, name: parsed.data.name, createdEmail: email };
}
