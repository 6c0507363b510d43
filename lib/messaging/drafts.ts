"use client";

// Composer drafts, per user and conversation, in localStorage: they survive switching conversations, reloads and
// closing the browser, cost no request per keystroke and work while the server is unreachable. Not server-side on
// purpose: a draft is one person's unfinished text on one machine, written on every keystroke; the trade-off is
// that it does not follow the agent to another computer.

export type Draft = {
  reply: string;
  note: string;
  /** Newest message time (server clock) in the thread when the reply draft began: later replies by others warn. */
  replyBase: string | null;
};

const EMPTY: Draft = { reply: "", note: "", replyBase: null };
const CLEARED_EVENT = "inbox-draft-cleared";

export const draftKey = (userId: string, conversationId: string) => `inbox-draft:${userId}:${conversationId}`;

export function readDraft(userId: string, conversationId: string): Draft {
  try {
    const saved = JSON.parse(localStorage.getItem(draftKey(userId, conversationId)) ?? "null") as Partial<
      Record<keyof Draft, unknown>
    > | null;
    return {
      reply: typeof saved?.reply === "string" ? saved.reply : "",
      note: typeof saved?.note === "string" ? saved.note : "",
      replyBase: typeof saved?.replyBase === "string" ? saved.replyBase : null,
    };
  } catch {
    return { ...EMPTY };
  }
}

export function writeDraft(userId: string, conversationId: string, draft: Draft): void {
  try {
    if (draft.reply || draft.note)
      localStorage.setItem(draftKey(userId, conversationId), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(userId, conversationId));
  } catch {
    // Storage full or blocked: the draft lives as long as the page.
  }
}

/** The reply draft was used elsewhere (sent as a template's context): drop it, and tell a mounted composer. */
export function clearReplyDraft(userId: string, conversationId: string): void {
  const draft = readDraft(userId, conversationId);
  writeDraft(userId, conversationId, { ...draft, reply: "", replyBase: null });
  window.dispatchEvent(new CustomEvent(CLEARED_EVENT, { detail: draftKey(userId, conversationId) }));
}

export function onReplyDraftCleared(key: string, callback: () => void): () => void {
  const listener = (e: Event) => {
    if ((e as CustomEvent<string>).detail === key) callback();
  };
  window.addEventListener(CLEARED_EVENT, listener);
  return () => window.removeEventListener(CLEARED_EVENT, listener);
}
