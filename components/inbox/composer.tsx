"use client";

import { useQuery } from "@tanstack/react-query";
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useMemo,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
} from "react";
import {
  BoltIcon,
  ButtonsIcon,
  ExternalLinkIcon,
  FileIcon,
  ListIcon,
  NoteIcon,
  PaperclipIcon,
  XIcon,
} from "@/components/ui/icons";
import { ApiError } from "@/lib/api-client/fetch";
import { UPLOAD_KINDS } from "@/lib/connectly/media";
import type { Attachment, SessionMessage } from "@/lib/connectly/schemas";
import { useUpload, type PendingUpload } from "@/lib/media/hooks/use-upload";
import { acceptFor, formatBytes } from "@/lib/media/upload-file";
import { fillCannedResponse } from "@/lib/messaging/hooks/use-canned-responses";
import { draftKey, onReplyDraftCleared, readDraft, writeDraft, type Draft } from "@/lib/messaging/drafts";
import { useConversationActions } from "@/lib/messaging/hooks/use-conversation-actions";
import { useSendSessionMessage, type SendVariables } from "@/lib/messaging/hooks/use-send-session-message";
import { assigneesOptions, cannedResponsesOptions } from "@/lib/messaging/queries";
import type { AssigneeDto, CannedResponseDto, MessageDto } from "@/lib/messaging/read-models";
import { useLive } from "@/lib/realtime/live-provider";
import { AttachmentDialog, ListMessageDialog, ReplyButtonsDialog } from "./interactive-builders";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/input";
import { Segmented } from "@/components/ui/segmented";

export type ComposerHandle = {
  focus: () => void;
  /** A file dropped on the thread or pasted: checked, uploaded, and shown as the reply's attachment. */
  attachFile: (file: File) => void;
};

const CAPTION_MAX = 1024;

type Mode = "reply" | "note";
type Failure = { text: string; retry: SendVariables | null };

/** The newest message time in the thread (server clock), or "" for an empty thread. */
function latestAt(messages: MessageDto[]): string {
  return messages.reduce((max, m) => (m.createdAt > max ? m.createdAt : max), "");
}

/**
 * Reply box with a private-note tab. Enter sends, Shift+Enter adds a line, "/" opens the quick replies (an unmatched
 * "/shortcut" is never sent as text), "@" in a note mentions a teammate. While the 24-hour window is closed the reply
 * tab becomes template-only (no free text can be typed; a draft is kept for the template dialog), notes still work.
 * Drafts are kept per user and conversation (lib/messaging/drafts.ts); sending warns when a teammate replied
 * after the draft began.
 */
export const Composer = forwardRef<
  ComposerHandle,
  {
    conversationId: string;
    userId: string;
    /** The thread's messages: a teammate's reply newer than the draft's start asks before sending. */
    messages: MessageDto[];
    contactName: string | null;
    windowOpen: boolean;
    templateOnlyPanel: React.ReactNode;
    onManageCanned: () => void;
  }
>(function Composer(
  { conversationId, userId, messages, contactName, windowOpen, templateOnlyPanel, onManageCanned },
  ref,
) {
  const [mode, setMode] = useState<Mode>("reply");
  // Drafts survive switching conversations, reloads and closing the browser (localStorage, per user).
  const [drafts, setDrafts] = useState<Draft>(() => readDraft(userId, conversationId));
  useEffect(() => writeDraft(userId, conversationId, drafts), [userId, conversationId, drafts]);
  // The template dialog took the reply draft as its context and sent: it is gone here too.
  useEffect(
    () =>
      onReplyDraftCleared(draftKey(userId, conversationId), () =>
        setDrafts((d) => ({ ...d, reply: "", replyBase: null })),
      ),
    [userId, conversationId],
  );
  const { reportTyping } = useLive();
  const [raceWarning, setRaceWarning] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [dialog, setDialog] = useState<"attachment" | "buttons" | "list" | null>(null);
  const [suggestIndex, setSuggestIndex] = useState(0);
  const [suggestDismissed, setSuggestDismissed] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  // The reply's file (one: WhatsApp takes one attachment per message, §3.2). Its caption is the text box.
  const { upload, attach, clear: clearUpload } = useUpload("/api/media/messages", UPLOAD_KINDS.MESSAGE);
  const send = useSendSessionMessage(conversationId);
  const { addNote } = useConversationActions(conversationId);
  const canned = useQuery(cannedResponsesOptions());
  const assignees = useQuery({ ...assigneesOptions(), enabled: mode === "note" });
  const text = drafts[mode];
  const setText = (value: string) => {
    setDrafts((d) =>
      mode === "reply"
        ? { ...d, reply: value, replyBase: value === "" ? null : (d.replyBase ?? latestAt(messages)) }
        : { ...d, note: value },
    );
    if (value) reportTyping(conversationId);
  };

  function attachFile(file: File) {
    if (!windowOpen) {
      setFailure({
        text: "The 24-hour window is closed: a file can only go in a session message, so send a template first.",
        retry: null,
      });
      return;
    }
    setMode("reply");
    setFailure(null);
    void attach(file);
    textarea.current?.focus();
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    if (mode !== "reply") return;
    const file = [...e.clipboardData.files][0];
    if (!file) return; // text: pasted as usual
    e.preventDefault();
    attachFile(file);
  }

  useImperativeHandle(ref, () => ({ focus: () => textarea.current?.focus(), attachFile }));

  // "/ref" at the start of the box or after a space: suggest quick replies whose shortcut or title matches.
  const slash = mode === "reply" ? /(?:^|\s)\/([\w-]*)$/.exec(text) : null;
  const suggestions = useMemo(() => {
    if (!slash || suggestDismissed) return [];
    const term = (slash[1] ?? "").toLowerCase();
    return (canned.data ?? [])
      .filter((c) => c.shortcut.startsWith(term) || c.title.toLowerCase().includes(term))
      .slice(0, 6);
  }, [slash, suggestDismissed, canned.data]);
  const showSuggestions = slash !== null && !suggestDismissed;

  // "@na" in a note: teammates whose name (or a word of it) starts with it.
  const at = mode === "note" ? /(?:^|\s)@([^\s@]{0,30})$/.exec(text) : null;
  const mentionSuggestions = useMemo(() => {
    if (!at || suggestDismissed) return [];
    const term = (at[1] ?? "").toLowerCase();
    return (assignees.data ?? [])
      .filter(
        (u) =>
          u.id !== userId &&
          (u.name.toLowerCase().startsWith(term) ||
            u.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(term))),
      )
      .slice(0, 6);
  }, [at, suggestDismissed, assignees.data, userId]);
  const mentionOpen = mentionSuggestions.length > 0;

  function insertMention(u: AssigneeDto) {
    const token = at?.[0] ?? "";
    const lead = token.startsWith("@") ? "" : token[0];
    setText(`${text.slice(0, text.length - token.length)}${lead}@${u.name} `);
    setSuggestIndex(0);
    textarea.current?.focus();
  }

  function insertCanned(c: CannedResponseDto) {
    const token = slash?.[0] ?? "";
    const before = text.slice(0, text.length - token.length);
    const spacer = token.startsWith(" ") || token.startsWith("\n") ? token[0] : "";
    setText(`${before}${spacer}${fillCannedResponse(c.body, contactName)}`);
    setSuggestIndex(0);
    textarea.current?.focus();
  }

  function dispatch(vars: SendVariables, restoreDraft: string | null) {
    setFailure(null);
    send.mutate(vars, {
      onError: (e) => {
        const recorded = e instanceof ApiError && e.details && "messageId" in e.details;
        if (recorded) {
          // The message exists (FAILED): its bubble shows the reason and the Retry button.
          setFailure({ text: `Not sent: ${e.message}`, retry: null });
          return;
        }
        // Nothing was recorded, or we cannot tell (network): the same idempotency key makes a retry safe.
        const retryable = !(e instanceof ApiError) || e.status === 0 || e.status >= 500;
        setFailure({
          text: e instanceof ApiError ? e.message : "The message could not be sent.",
          retry: retryable ? vars : null,
        });
        if (restoreDraft !== null) setDrafts((d) => ({ ...d, reply: d.reply || restoreDraft }));
      },
    });
  }

  function sendStructured(message: SessionMessage) {
    dispatch({ message, idempotencyKey: crypto.randomUUID() }, null);
  }

  /** The reply with its file: the text becomes the caption (none on audio: WhatsApp shows none). */
  function submitAttachment(pending: PendingUpload, force: boolean) {
    const media = pending.media;
    if (send.isPending || pending.state !== "ready" || !media) return;
    const caption = text.trim();
    if (caption && media.kind === "audio") {
      setFailure({
        text: "WhatsApp shows no caption on audio: send the text as its own message, before or after.",
        retry: null,
      });
      return;
    }
    if (caption.length > CAPTION_MAX) {
      setFailure({
        text: `A caption may be at most ${CAPTION_MAX} characters (this one has ${caption.length}).`,
        retry: null,
      });
      return;
    }
    if (!force && raceCheck()) return;
    const attachment: Attachment = {
      type: media.kind,
      url: media.cdnUri,
      ...(caption ? { caption } : {}),
      ...(media.kind === "document" && media.filename ? { filename: media.filename } : {}),
    };
    setDrafts((d) => ({ ...d, reply: "", replyBase: null }));
    clearUpload();
    dispatch(
      { message: { attachments: [attachment] }, idempotencyKey: crypto.randomUUID() },
      caption || null,
    );
    textarea.current?.focus();
  }

  /** A teammate answered after this draft began: ask before sending on top of it (true = asked, wait). */
  function raceCheck(): boolean {
    const base = drafts.replyBase;
    const others =
      base === null
        ? []
        : messages.filter(
            (m) => m.direction === "OUTBOUND" && m.author && m.author.id !== userId && m.createdAt > base,
          );
    if (others.length > 0) {
      setRaceWarning([...new Set(others.map((m) => m.author?.name ?? "A teammate"))]);
      return true;
    }
    setRaceWarning(null);
    return false;
  }

  function submit(force = false) {
    if (mode === "reply" && upload) {
      submitAttachment(upload, force);
      return;
    }
    const body = text.trim();
    if (!body) return;
    if (mode === "note") {
      if (addNote.isPending) return;
      setFailure(null);
      addNote.mutate(body, {
        onSuccess: () => setDrafts((d) => ({ ...d, note: "" })),
        onError: (e) => setFailure({ text: `Note not saved: ${e.message}`, retry: null }),
      });
      return;
    }
    if (send.isPending) return;
    // A "/shortcut" is a request for a quick reply, never text for the customer: a lone one always, a trailing one
    // unless the agent dismissed the suggestions (Escape) to keep it as text.
    const lone = /^\/([\w-]+)$/.exec(body);
    const shortcut = lone ?? (suggestDismissed ? null : /(?:^|\s)\/([\w-]+)$/.exec(body));
    if (shortcut) {
      const name = shortcut[1] ?? "";
      const exact = canned.data?.find((c) => c.shortcut === name.toLowerCase());
      if (exact) insertCanned(exact);
      else setFailure({ text: `No quick reply named “/${name}”. Nothing was sent.`, retry: null });
      return;
    }
    if (!force && raceCheck()) return;
    setDrafts((d) => ({ ...d, reply: "", replyBase: null }));
    dispatch({ message: { text: body }, idempotencyKey: crypto.randomUUID() }, body);
    textarea.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (mentionOpen) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const delta = e.key === "ArrowDown" ? 1 : -1;
        setSuggestIndex((i) => (i + delta + mentionSuggestions.length) % mentionSuggestions.length);
        return;
      }
      if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey) {
        e.preventDefault();
        const chosen = mentionSuggestions[Math.min(suggestIndex, mentionSuggestions.length - 1)];
        if (chosen) insertMention(chosen);
        return;
      }
      if (e.key === "Escape") {
        e.preventDefault();
        setSuggestDismissed(true);
        return;
      }
    }
    if (showSuggestions && suggestions.length > 0) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const delta = e.key === "ArrowDown" ? 1 : -1;
        setSuggestIndex((i) => (i + delta + suggestions.length) % suggestions.length);
        return;
      }
      if ((e.key === "Enter" || e.key === "Tab") && !e.shiftKey) {
        e.preventDefault();
        const chosen = suggestions[Math.min(suggestIndex, suggestions.length - 1)];
        if (chosen) insertCanned(chosen);
        return;
      }
    }
    if (showSuggestions && e.key === "Escape") {
      e.preventDefault();
      setSuggestDismissed(true);
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  }

  const note = mode === "note";
  const replyClosed = mode === "reply" && !windowOpen;

  return (
    <div
      className={`border-t ${note ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
      data-testid="composer"
    >
      <div className="flex items-center gap-1 px-3 pt-2">
        {/* Never shrunk: squeezed by the note's explanation, its two options would wrap under each other. */}
        <Segmented
          label="Composer mode"
          look="dark"
          value={mode}
          onChange={setMode}
          className="shrink-0"
          itemClassName="flex items-center gap-1 whitespace-nowrap"
          options={[
            { value: "reply", label: "Reply" },
            {
              value: "note",
              label: (
                <>
                  <NoteIcon className="h-3.5 w-3.5" /> Private note
                </>
              ),
              name: "Private note",
            },
          ]}
        />
        {note ? (
          <span className="ml-2 min-w-0 text-[11px] text-amber-800">
            Only your team sees notes; they are never sent to the customer.
          </span>
        ) : null}
      </div>
      {failure ? (
        <div
          role="alert"
          className="mx-3 mt-2 flex items-center gap-2 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800"
          data-testid="composer-error"
        >
          <span className="flex-1">{failure.text}</span>
          {failure.retry ? (
            <Button
              variant="inline"
              className="font-semibold"
              onClick={() => failure.retry && dispatch(failure.retry, null)}
            >
              Retry
            </Button>
          ) : null}
          <Button variant="ghost" size="icon" aria-label="Dismiss" onClick={() => setFailure(null)}>
            <XIcon />
          </Button>
        </div>
      ) : null}
      {raceWarning && !replyClosed ? (
        <div
          role="alert"
          className="mx-3 mt-2 flex flex-wrap items-center gap-2 rounded-md bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-300"
          data-testid="reply-race-warning"
        >
          <span className="min-w-0 flex-1">
            {raceWarning.join(", ")} replied in this conversation after you started typing. Send yours anyway?
          </span>
          <Button variant="primary" size="sm" onClick={() => submit(true)}>
            Send anyway
          </Button>
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              // Reviewed: what is in the thread now no longer warns.
              setRaceWarning(null);
              setDrafts((d) => ({ ...d, replyBase: latestAt(messages) }));
              textarea.current?.focus();
            }}
          >
            Review
          </Button>
        </div>
      ) : null}
      {replyClosed ? (
        <>
          {drafts.reply ? (
            <p
              className="mx-3 mt-2 rounded-md bg-white px-3 py-2 text-xs text-slate-600 ring-1 ring-slate-200"
              data-testid="closed-window-draft"
            >
              Your unsent reply is kept and shown in the template dialog:{" "}
              <span className="break-words italic">
                “{drafts.reply.length > 140 ? `${drafts.reply.slice(0, 139)}…` : drafts.reply}”
              </span>
            </p>
          ) : null}
          {templateOnlyPanel}
        </>
      ) : (
        <div className="p-3 pt-2">
          <div className="relative">
            {mentionOpen ? (
              <div
                className="absolute bottom-full left-0 z-10 mb-1 w-full max-w-xs overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg"
                data-testid="mention-suggestions"
              >
                <ul role="listbox" aria-label="Mention a teammate">
                  {mentionSuggestions.map((u, i) => (
                    <li
                      key={u.id}
                      role="option"
                      aria-selected={i === suggestIndex}
                      onMouseDown={(e) => {
                        e.preventDefault();
                        insertMention(u);
                      }}
                      className={`cursor-pointer px-3 py-2 text-sm ${i === suggestIndex ? "bg-amber-50" : "hover:bg-slate-50"}`}
                    >
                      @{u.name}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {showSuggestions ? (
              <div
                className="absolute bottom-full left-0 z-10 mb-1 w-full max-w-md overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg"
                data-testid="canned-suggestions"
              >
                {suggestions.length === 0 ? (
                  <p className="px-3 py-2 text-xs text-slate-500">
                    {canned.isPending ? "Loading quick replies…" : "No quick reply matches."}{" "}
                    <Button variant="inline" className="text-emerald-700" onClick={onManageCanned}>
                      Manage quick replies
                    </Button>
                  </p>
                ) : (
                  <ul role="listbox" aria-label="Quick replies">
                    {suggestions.map((c, i) => (
                      <li
                        key={c.id}
                        role="option"
                        aria-selected={i === suggestIndex}
                        onMouseDown={(e) => {
                          e.preventDefault();
                          insertCanned(c);
                        }}
                        className={`cursor-pointer px-3 py-2 text-sm ${i === suggestIndex ? "bg-emerald-50" : "hover:bg-slate-50"}`}
                      >
                        <span className="font-mono text-xs text-emerald-700">/{c.shortcut}</span>{" "}
                        <span className="font-medium">{c.title}</span>
                        <span className="block truncate text-xs text-slate-500">{c.body}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            ) : null}
            {upload && !note ? <AttachmentChip upload={upload} onRemove={clearUpload} /> : null}
            <Textarea
              ref={textarea}
              autoGrow
              tone={note ? "note" : "default"}
              onPaste={onPaste}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setSuggestDismissed(false);
                setSuggestIndex(0);
              }}
              onKeyDown={onKeyDown}
              rows={Math.min(6, Math.max(2, text.split("\n").length))}
              maxLength={4096}
              placeholder={
                note
                  ? "Write a note for your team — @name notifies a teammate, Enter to save"
                  : upload
                    ? "Add a caption (optional) — Enter to send"
                    : "Type a reply — Enter to send, Shift+Enter for a new line, / for quick replies"
              }
              aria-label={note ? "Internal note" : upload ? "Caption" : "Reply"}
              aria-keyshortcuts="/"
            />
          </div>
          <div className="mt-2 flex items-center gap-1">
            {!note ? (
              <>
                <ToolButton label="Attach a file" onClick={() => picker.current?.click()}>
                  <PaperclipIcon />
                </ToolButton>
                {/* eslint-disable-next-line no-restricted-syntax -- A file input has no look of its own to kit: it stays hidden behind "Attach a file". */}
                <input
                  ref={picker}
                  type="file"
                  accept={acceptFor(UPLOAD_KINDS.MESSAGE)}
                  className="hidden"
                  data-testid="attach-file-input"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    e.target.value = "";
                    if (file) attachFile(file);
                  }}
                />
                <ToolButton label="Attach a file by link" onClick={() => setDialog("attachment")}>
                  <ExternalLinkIcon />
                </ToolButton>
                <ToolButton label="Buttons message" onClick={() => setDialog("buttons")}>
                  <ButtonsIcon />
                </ToolButton>
                <ToolButton label="List message" onClick={() => setDialog("list")}>
                  <ListIcon />
                </ToolButton>
                <ToolButton label="Quick replies" onClick={onManageCanned}>
                  <BoltIcon />
                </ToolButton>
              </>
            ) : null}
            <span className="ml-auto text-[11px] text-slate-500 tabular-nums">
              {text.length > 3500 ? `${text.length}/4096` : ""}
            </span>
            <Button
              variant="primary"
              onClick={() => submit()}
              disabled={
                note
                  ? !text.trim() || addNote.isPending
                  : send.isPending || (upload ? upload.state !== "ready" : !text.trim())
              }
              className="px-4"
            >
              {note
                ? "Add note"
                : upload && upload.state !== "ready" && upload.state !== "failed"
                  ? "Uploading…"
                  : "Send"}
            </Button>
          </div>
        </div>
      )}
      <AttachmentDialog
        open={dialog === "attachment"}
        onClose={() => setDialog(null)}
        onSend={sendStructured}
      />
      <ReplyButtonsDialog
        open={dialog === "buttons"}
        onClose={() => setDialog(null)}
        onSend={sendStructured}
      />
      <ListMessageDialog open={dialog === "list"} onClose={() => setDialog(null)} onSend={sendStructured} />
    </div>
  );
});

/** The reply's file: thumbnail or icon, name and size, progress while it uploads, the reason when refused, remove. */
function AttachmentChip({ upload, onRemove }: { upload: PendingUpload; onRemove: () => void }) {
  const percent = Math.round(upload.progress * 100);
  const status =
    upload.state === "checking"
      ? "Checking…"
      : upload.state === "uploading"
        ? `Uploading ${percent}%`
        : upload.state === "ready"
          ? "Ready to send"
          : "Not attached";
  return (
    <div className="mb-2" data-testid="attachment-chip" data-state={upload.state}>
      <div
        className={`flex max-w-full items-center gap-2 rounded-lg border px-2 py-1.5 ${upload.state === "failed" ? "border-red-300 bg-red-50" : "border-slate-200 bg-slate-50"}`}
      >
        {upload.thumbnailUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- a blob: URL of the picked file
          <img src={upload.thumbnailUrl} alt="" className="h-10 w-10 shrink-0 rounded object-cover" />
        ) : (
          <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded bg-slate-200 text-slate-600">
            <FileIcon />
          </span>
        )}
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-800" title={upload.file.name}>
            {upload.file.name}
          </p>
          <p className="text-xs text-slate-500">
            {formatBytes(upload.file.size)} · <span data-testid="attachment-status">{status}</span>
          </p>
          {upload.state === "uploading" || upload.state === "checking" ? (
            <div
              className="mt-1 h-1 w-full overflow-hidden rounded bg-slate-200"
              role="progressbar"
              aria-label={`Uploading ${upload.file.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <div className="h-full bg-emerald-500 transition-[width]" style={{ width: `${percent}%` }} />
            </div>
          ) : null}
        </div>
        <Button variant="ghost" size="icon" onClick={onRemove} aria-label={`Remove ${upload.file.name}`}>
          <XIcon />
        </Button>
      </div>
      {upload.error ? (
        <p role="alert" className="mt-1 text-xs text-red-700" data-testid="attachment-error">
          {upload.error}
        </p>
      ) : null}
    </div>
  );
}

function ToolButton({
  label,
  onClick,
  children,
}: {
  label: string;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <Button variant="ghost" size="icon" onClick={onClick} aria-label={label} title={label}>
      {children}
    </Button>
  );
}
