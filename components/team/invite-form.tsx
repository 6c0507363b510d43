"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRef, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { formatDateTime } from "@/lib/format/date-time";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { CheckIcon, CopyIcon } from "@/components/ui/icons";
import { Input, Select } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/roles";
import { useInviteMember } from "@/lib/team/hooks/use-team-mutations";
import type { InviteDto } from "@/lib/team/read-models";
import { inviteMemberSchema, type InviteMemberInput } from "@/lib/team/schemas";

/**
 * Email + role → an invite link, shown once with a copy button (there is no email server to send it).
 * "New link" on a pending invite remounts it (new key) with that invite's email and role filled in.
 */
export function InviteForm({ prefill }: { prefill: { email: string; role: RoleName } | null }) {
  const invite = useInviteMember();
  const [created, setCreated] = useState<{ invite: InviteDto; url: string } | null>(null);
  const form = useForm<z.input<typeof inviteMemberSchema>, unknown, InviteMemberInput>({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: { email: prefill?.email ?? "", role: prefill?.role ?? "AGENT" },
  });
  const { errors } = form.formState;
  const [email, role] = useWatch({ control: form.control, name: ["email", "role"] });

  function submit(values: InviteMemberInput) {
    invite.mutate(values, {
      onSuccess: (result) => {
        setCreated(result);
        form.reset({ email: "", role: values.role });
      },
      onError: (error) => applyServerErrors(error, form.setError, { fields: ["email", "role"] }),
    });
  }

  return (
    <section
      aria-labelledby="invite-heading"
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id="invite-heading" className="text-sm font-semibold text-slate-900">
        Invite a member
      </h2>
      <form
        onSubmit={(e) => void form.handleSubmit(submit)(e)}
        className="mt-3 flex flex-wrap items-start gap-3"
        noValidate
      >
        <Field
          label="Email"
          required
          className="min-w-64 flex-1"
          error={errors.email?.message && `Email ${errors.email.message}`}
        >
          <Input
            type="email"
            autoFocus={Boolean(prefill)}
            placeholder="name@company.com"
            {...form.register("email")}
          />
        </Field>
        <Field label="Role" hint={ROLE_DESCRIPTIONS[role]} error={errors.role?.message} className="w-56">
          <Select {...form.register("role")}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          type="submit"
          variant="primary"
          className="mt-6"
          disabled={!email.trim()}
          pending={invite.isPending}
        >
          {invite.isPending ? "Creating…" : "Create invite link"}
        </Button>
      </form>
      <FormError message={errors.root?.server?.message} className="mt-3" />
      {created ? <InviteLink key={created.url} created={created} onDone={() => setCreated(null)} /> : null}
    </section>
  );
}

function InviteLink({
  created,
  onDone,
}: {
  created: { invite: InviteDto; url: string };
  onDone: () => void;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context; select the text so Ctrl+C works instead.
      input.current?.select();
      setCopied("failed");
    }
  }

  return (
    <div className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-3" data-testid="invite-link">
      <p className="text-sm font-medium text-emerald-900">
        Invite link for {created.invite.email} ({ROLE_LABELS[created.invite.role]})
      </p>
      <p className="mt-0.5 text-xs text-emerald-800">
        Send it to them yourself (chat, email). It works once, until{" "}
        {formatDateTime(created.invite.expiresAt)}. It is shown only now: copy it before leaving this page;
        you can always make a new one.
      </p>
      <div className="mt-2 flex gap-2">
        <Field label="Invite link" labelHidden className="flex-1">
          <Input
            ref={input}
            readOnly
            value={created.url}
            onFocus={(e) => e.currentTarget.select()}
            className="font-mono text-xs"
          />
        </Field>
        <Button variant="primary" onClick={() => void copy()}>
          {copied === "yes" ? <CheckIcon /> : <CopyIcon />}
          {copied === "yes" ? "Copied" : "Copy link"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      {copied === "failed" ? (
        <p className="mt-1 text-xs text-emerald-900">
          The browser blocked copying: the link is selected, press Ctrl+C.
        </p>
      ) : null}
    </div>
  );
}
