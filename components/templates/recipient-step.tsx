"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyServerErrors } from "@/lib/api-client/form-errors";
import { e164Schema } from "@/lib/connectly/schemas";
import { findConversationByPhone } from "@/lib/messaging/queries";

export type ResolvedRecipient =
  | { kind: "conversation"; conversationId: string; label: string }
  | { kind: "new"; to: string; label: string };

// Spaces, dots, dashes and brackets are how people write numbers; the send needs E.164.
const recipientFormSchema = z.object({
  phone: z
    .string()
    .transform((value) => value.replace(/[\s().-]/g, ""))
    .refine((value) => e164Schema.safeParse(value).success, {
      error: "Enter the number in international format, e.g. +447700900123",
    }),
});

/**
 * First step of "Send template" outside the inbox: who receives it. A number we already talk to resolves to
 * its conversation (so the message lands in the existing thread); a new number starts a conversation.
 */
export function RecipientStep({
  onResolved,
  onClose,
}: {
  onResolved(recipient: ResolvedRecipient): void;
  onClose(): void;
}) {
  const form = useForm<z.input<typeof recipientFormSchema>, unknown, z.output<typeof recipientFormSchema>>({
    resolver: zodResolver(recipientFormSchema),
    defaultValues: { phone: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function submit({ phone }: z.output<typeof recipientFormSchema>) {
    try {
      const match = await findConversationByPhone(phone);
      onResolved(
        match
          ? {
              kind: "conversation",
              conversationId: match.id,
              label: [match.contact.name, phone].filter(Boolean).join(" · "),
            }
          : { kind: "new", to: phone, label: `${phone} (new conversation)` },
      );
    } catch (error) {
      applyServerErrors(error, form.setError, { fields: [] });
    }
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Send a template"
      description="Templates can start a conversation at any time, even when the 24-hour window is closed."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="recipient-form" variant="primary" pending={isSubmitting}>
            {isSubmitting ? "Looking up…" : "Continue"}
          </Button>
        </>
      }
    >
      <form id="recipient-form" onSubmit={(e) => void form.handleSubmit(submit)(e)} noValidate>
        <Field
          label="Customer's WhatsApp number"
          error={errors.phone?.message ?? errors.root?.server?.message}
        >
          <Input
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder="+447700900123"
            autoFocus
            {...form.register("phone")}
          />
        </Field>
      </form>
    </Dialog>
  );
}
