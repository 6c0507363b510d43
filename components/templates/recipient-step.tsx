"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { XIcon } from "@/components/ui/icons";
import { apiFetch, ApiError } from "@/lib/api-client/fetch";
import { e164Schema } from "@/lib/connectly/schemas";
import type { ConversationDto } from "@/lib/messaging/read-models";

export type ResolvedRecipient =
  | { kind: "conversation"; conversationId: string; label: string }
  | { kind: "new"; to: string; label: string };

/**
 * First step of "Send template" outside the inbox: who receives it. A number we already talk to resolves to
 * its conversation (so the message lands in the existing thread); a new number starts a conversation.
 */
export function RecipientStep({ onResolved, onClose }: { onResolved(recipient: ResolvedRecipient): void; onClose(): void }) {
  const [phone, setPhone] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => input.current?.focus(), []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const number = phone.replace(/[\s().-]/g, "");
    const parsed = e164Schema.safeParse(number);
    if (!parsed.success) {
      setError("Enter the number in international format, e.g. +447700900123");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { conversations } = await apiFetch<{ conversations: ConversationDto[] }>(
        `/api/conversations?${new URLSearchParams({ q: number, limit: "20" })}`,
      );
      const match = conversations.find((c) => c.contact.phone === number);
      onResolved(
        match
          ? { kind: "conversation", conversationId: match.id, label: [match.contact.name, number].filter(Boolean).join(" · ") }
          : { kind: "new", to: number, label: `${number} (new conversation)` },
      );
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not look the number up.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-black/40 p-2 sm:p-4" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby="recipient-title"
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => e.key === "Escape" && onClose()}
        noValidate
        className="w-full max-w-md rounded-xl bg-white p-5 shadow-2xl"
      >
        <div className="flex items-start">
          <div className="flex-1">
            <h2 id="recipient-title" className="text-base font-semibold text-slate-900">
              Send a template
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">Templates can start a conversation at any time, even when the 24-hour window is closed.</p>
          </div>
          <button type="button" onClick={onClose} aria-label="Close" className="rounded-md p-1 text-slate-500 hover:bg-slate-100">
            <XIcon />
          </button>
        </div>
        <label htmlFor="recipient-phone" className="mt-4 block text-sm font-medium text-slate-700">
          Customer&apos;s WhatsApp number
        </label>
        <input
          ref={input}
          id="recipient-phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          placeholder="+447700900123"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "recipient-error" : undefined}
          className={`mt-1 w-full rounded-md border px-3 py-2 text-sm outline-none focus:ring-2 ${
            error ? "border-red-400 focus:ring-red-500/30" : "border-slate-300 focus:border-emerald-500 focus:ring-emerald-500/30"
          }`}
        />
        {error ? (
          <p id="recipient-error" role="alert" className="mt-1 text-xs text-red-700">
            {error}
          </p>
        ) : null}
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" onClick={onClose} className="rounded-lg px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100">
            Cancel
          </button>
          <button
            type="submit"
            disabled={busy}
            className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white outline-none hover:bg-emerald-700 focus-visible:ring-2 focus-visible:ring-emerald-500/40 disabled:opacity-50"
          >
            {busy ? "Looking up…" : "Continue"}
          </button>
        </div>
      </form>
    </div>
  );
}
