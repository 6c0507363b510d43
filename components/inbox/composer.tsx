"use client";

import { useRef, useState, type KeyboardEvent } from "react";
import { ApiError } from "@/lib/api-client/fetch";
import { useSendSessionMessage } from "@/lib/messaging/hooks/use-send-session-message";

/**
 * Free-form reply box: Enter sends, Shift+Enter adds a line. Only shown while the 24-hour window is open; the
 * thread swaps it for the template prompt when the window closes.
 */
export function Composer({ conversationId }: { conversationId: string }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const send = useSendSessionMessage(conversationId);
  const textarea = useRef<HTMLTextAreaElement>(null);

  function submit() {
    const body = text.trim();
    if (!body || send.isPending) return;
    setError(null);
    const idempotencyKey = crypto.randomUUID();
    setText("");
    send.mutate(
      { message: { text: body }, idempotencyKey },
      {
        onError: (e) => {
          setError(e instanceof ApiError ? e.message : "The message could not be sent.");
          // A refusal before anything was recorded (validation, closed window) keeps the draft.
          if (!(e instanceof ApiError && e.details && "messageId" in e.details)) setText(body);
        },
      },
    );
    textarea.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  return (
    <div className="border-t border-slate-200 bg-white p-3">
      {error ? (
        <p role="alert" className="mb-2 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800" data-testid="composer-error">
          {error}
        </p>
      ) : null}
      <div className="flex items-end gap-2">
        <textarea
          ref={textarea}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          rows={Math.min(6, Math.max(1, text.split("\n").length))}
          maxLength={4096}
          placeholder="Type a reply — Enter to send, Shift+Enter for a new line"
          aria-label="Reply"
          className="min-h-[40px] flex-1 resize-none rounded-lg border border-slate-300 px-3 py-2 text-sm outline-none focus:border-emerald-500 focus:ring-2 focus:ring-emerald-500/30"
        />
        <button
          type="button"
          onClick={submit}
          disabled={!text.trim() || send.isPending}
          className="rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white hover:bg-emerald-700 disabled:opacity-50"
        >
          Send
        </button>
      </div>
    </div>
  );
}
