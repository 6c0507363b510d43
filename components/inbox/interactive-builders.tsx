"use client";

import { issuesByPath } from "@/lib/api-client/form-errors";
import { controlClass } from "@/components/ui/input";
import { FieldError } from "@/components/ui/field";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { useMemo, useState, type FormEvent } from "react";
import { sessionMessageSchema, type SessionMessage } from "@/lib/connectly/schemas";
import type { MessageDto } from "@/lib/messaging/read-models";

import { MessageBubble } from "./message-bubble";

// Builders for the structured session messages. Every check is the contract schema's own (lib/connectly/schemas.ts),
// so what passes here is what the API accepts; errors show next to the field they belong to.

type Props = { open: boolean; onClose: () => void; onSend: (message: SessionMessage) => void };

function validate(candidate: unknown): { message: SessionMessage | null; errors: Record<string, string> } {
  const parsed = sessionMessageSchema.safeParse(candidate);
  return parsed.success
    ? { message: parsed.data, errors: {} }
    : { message: null, errors: issuesByPath(parsed.error.issues) };
}

const optional = (v: string) => (v.trim() === "" ? undefined : v);

/**
 * The builders' shared form logic: validate the draft on every render, show errors only after the first
 * submit, and send + close when the draft is valid.
 */
function useValidatedSubmit(candidate: unknown, onSend: Props["onSend"], onClose: Props["onClose"]) {
  const [submitted, setSubmitted] = useState(false);
  const { message, errors } = validate(candidate);
  const show = (path: string) => (submitted ? errors[path] : undefined);
  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!message) return;
    onSend(message);
    onClose();
  }
  return { message, show, submit };
}

function previewDto(message: SessionMessage, kind: string): MessageDto {
  return {
    id: "preview",
    conversationId: "preview",
    direction: "OUTBOUND",
    kind,
    text: message.text ?? null,
    content: message,
    status: null,
    error: null,
    templateName: null,
    campaignName: null,
    author: null,
    replyTo: null,
    retryOfId: null,
    retriedById: null,
    createdAt: new Date().toISOString(),
    sentAt: null,
    deliveredAt: null,
    readAt: null,
    failedAt: null,
  };
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div>
      <div className="mb-1 flex items-baseline gap-1.5 text-xs">
        <label htmlFor={id} className="font-medium text-slate-700">
          {label}
        </label>
        {hint ? <span className="text-slate-500">{hint}</span> : null}
      </div>
      {children}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function ReplyButtonsDialog({ open, onClose, onSend }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Reply buttons"
      description="Up to 3 buttons the customer can tap; their choice comes back as a reply."
      wide
    >
      <ReplyButtonsForm onClose={onClose} onSend={onSend} />
    </Dialog>
  );
}

function ReplyButtonsForm({ onClose, onSend }: Omit<Props, "open">) {
  const [body, setBody] = useState("");
  const [header, setHeader] = useState("");
  const [footer, setFooter] = useState("");
  const [buttons, setButtons] = useState<string[]>(["", ""]);

  const candidate = useMemo(
    () => ({
      text: body,
      replyButtonMessage: {
        ...(optional(header) ? { header: { text: header } } : {}),
        ...(optional(footer) ? { footer: { text: footer } } : {}),
        buttons: buttons.map((text, i) => ({ id: `button_${i + 1}`, text })),
      },
    }),
    [body, header, footer, buttons],
  );
  const { message, show, submit } = useValidatedSubmit(candidate, onSend, onClose);

  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-5 md:grid-cols-[1fr_14rem]">
      <div className="space-y-3">
        <Field
          id="rb-header"
          label="Header"
          hint="optional, 60 characters"
          error={show("replyButtonMessage.header.text") ?? show("replyButtonMessage.header")}
        >
          <input
            id="rb-header"
            className={controlClass}
            value={header}
            onChange={(e) => setHeader(e.target.value)}
            maxLength={80}
          />
        </Field>
        <Field id="rb-body" label="Message" hint="required" error={show("text")}>
          <textarea
            id="rb-body"
            className={controlClass}
            rows={3}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            aria-invalid={Boolean(show("text"))}
          />
        </Field>
        <Field
          id="rb-footer"
          label="Footer"
          hint="optional, 60 characters"
          error={show("replyButtonMessage.footer.text")}
        >
          <input
            id="rb-footer"
            className={controlClass}
            value={footer}
            onChange={(e) => setFooter(e.target.value)}
            maxLength={80}
          />
        </Field>
        <fieldset className="space-y-2">
          <legend className="mb-1 text-xs font-medium text-slate-700">
            Buttons <span className="font-normal text-slate-500">1 to 3, 20 characters each</span>
          </legend>
          {buttons.map((text, i) => (
            <div key={i}>
              <div className="flex gap-2">
                <input
                  aria-label={`Button ${i + 1}`}
                  className={controlClass}
                  value={text}
                  maxLength={40}
                  onChange={(e) => setButtons((b) => b.map((v, j) => (j === i ? e.target.value : v)))}
                  aria-invalid={Boolean(show(`replyButtonMessage.buttons.${i}.text`))}
                />
                {buttons.length > 1 ? (
                  <Button
                    onClick={() => setButtons((b) => b.filter((_, j) => j !== i))}
                    aria-label="Remove this button"
                  >
                    Remove
                  </Button>
                ) : null}
              </div>
              <FieldError
                id={`rb-button-${i}-error`}
                message={show(`replyButtonMessage.buttons.${i}.text`)}
              />
            </div>
          ))}
          {buttons.length < 3 ? (
            <Button variant="link" className="text-xs" onClick={() => setButtons((b) => [...b, ""])}>
              + Add a button
            </Button>
          ) : null}
          <FieldError id="rb-buttons-error" message={show("replyButtonMessage.buttons")} />
        </fieldset>
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Send buttons
          </Button>
        </div>
      </div>
      <Preview message={message} kind="reply_buttons" />
    </form>
  );
}

export function ListMessageDialog({ open, onClose, onSend }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="List message"
      description="A menu of up to 10 options in sections; the customer picks one."
      wide
    >
      <ListForm onClose={onClose} onSend={onSend} />
    </Dialog>
  );
}

type SectionDraft = { title: string; rows: { text: string; description: string }[] };

function ListForm({ onClose, onSend }: Omit<Props, "open">) {
  const [body, setBody] = useState("");
  const [header, setHeader] = useState("");
  const [footer, setFooter] = useState("");
  const [button, setButton] = useState("Choose");
  const [sections, setSections] = useState<SectionDraft[]>([
    { title: "", rows: [{ text: "", description: "" }] },
  ]);

  const candidate = useMemo(
    () => ({
      text: body,
      listMessage: {
        ...(optional(header) ? { header: { text: header } } : {}),
        ...(optional(footer) ? { footer: { text: footer } } : {}),
        button: { text: button },
        sections: sections.map((s, si) => ({
          ...(optional(s.title) ? { title: s.title } : {}),
          rows: s.rows.map((r, ri) => ({
            id: `option_${si + 1}_${ri + 1}`,
            text: r.text,
            ...(optional(r.description) ? { description: r.description } : {}),
          })),
        })),
      },
    }),
    [body, header, footer, button, sections],
  );
  const { message, show, submit } = useValidatedSubmit(candidate, onSend, onClose);
  const totalRows = sections.reduce((n, s) => n + s.rows.length, 0);

  const updateSection = (si: number, patch: (s: SectionDraft) => SectionDraft) =>
    setSections((all) => all.map((s, i) => (i === si ? patch(s) : s)));

  return (
    <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-5 md:grid-cols-[1fr_14rem]">
      <div className="space-y-3">
        <div className="grid grid-cols-2 gap-3">
          <Field id="list-header" label="Header" hint="optional" error={show("listMessage.header.text")}>
            <input
              id="list-header"
              className={controlClass}
              value={header}
              onChange={(e) => setHeader(e.target.value)}
              maxLength={80}
            />
          </Field>
          <Field
            id="list-button"
            label="Menu button"
            hint="20 characters"
            error={show("listMessage.button.text")}
          >
            <input
              id="list-button"
              className={controlClass}
              value={button}
              onChange={(e) => setButton(e.target.value)}
              maxLength={40}
            />
          </Field>
        </div>
        <Field id="list-body" label="Message" hint="required" error={show("text")}>
          <textarea
            id="list-body"
            className={controlClass}
            rows={2}
            value={body}
            onChange={(e) => setBody(e.target.value)}
          />
        </Field>
        <Field id="list-footer" label="Footer" hint="optional" error={show("listMessage.footer.text")}>
          <input
            id="list-footer"
            className={controlClass}
            value={footer}
            onChange={(e) => setFooter(e.target.value)}
            maxLength={80}
          />
        </Field>
        {sections.map((section, si) => (
          <fieldset key={si} className="space-y-2 rounded-lg border border-slate-200 p-3">
            <legend className="px-1 text-xs font-medium text-slate-700">Section {si + 1}</legend>
            <div className="flex gap-2">
              <input
                aria-label={`Section ${si + 1} title`}
                placeholder={sections.length > 1 ? "Section title (required)" : "Section title (optional)"}
                className={controlClass}
                value={section.title}
                maxLength={40}
                onChange={(e) => updateSection(si, (s) => ({ ...s, title: e.target.value }))}
              />
              {sections.length > 1 ? (
                <Button onClick={() => setSections((all) => all.filter((_, i) => i !== si))}>Remove</Button>
              ) : null}
            </div>
            <FieldError id={`list-s${si}-title-error`} message={show(`listMessage.sections.${si}.title`)} />
            {section.rows.map((row, ri) => (
              <div key={ri} className="grid grid-cols-[1fr_1fr_auto] gap-2">
                <div>
                  <input
                    aria-label={`Section ${si + 1} option ${ri + 1}`}
                    placeholder="Option (24 characters)"
                    className={controlClass}
                    value={row.text}
                    maxLength={40}
                    onChange={(e) =>
                      updateSection(si, (s) => ({
                        ...s,
                        rows: s.rows.map((r, j) => (j === ri ? { ...r, text: e.target.value } : r)),
                      }))
                    }
                  />
                  <FieldError
                    id={`list-s${si}-r${ri}-error`}
                    message={show(`listMessage.sections.${si}.rows.${ri}.text`)}
                  />
                </div>
                <div>
                  <input
                    aria-label={`Section ${si + 1} option ${ri + 1} description`}
                    placeholder="Description (optional)"
                    className={controlClass}
                    value={row.description}
                    maxLength={100}
                    onChange={(e) =>
                      updateSection(si, (s) => ({
                        ...s,
                        rows: s.rows.map((r, j) => (j === ri ? { ...r, description: e.target.value } : r)),
                      }))
                    }
                  />
                  <FieldError
                    id={`list-s${si}-r${ri}-d-error`}
                    message={show(`listMessage.sections.${si}.rows.${ri}.description`)}
                  />
                </div>
                <button
                  type="button"
                  className="self-start px-1 py-2 text-xs text-slate-500 hover:text-red-700 disabled:opacity-30"
                  disabled={section.rows.length === 1}
                  onClick={() =>
                    updateSection(si, (s) => ({ ...s, rows: s.rows.filter((_, j) => j !== ri) }))
                  }
                  aria-label={`Remove option ${ri + 1} of section ${si + 1}`}
                >
                  Remove
                </button>
              </div>
            ))}
            <Button
              variant="link"
              className="text-xs"
              disabled={totalRows >= 10}
              onClick={() =>
                updateSection(si, (s) => ({ ...s, rows: [...s.rows, { text: "", description: "" }] }))
              }
            >
              + Add an option {totalRows >= 10 ? "(10 in total at most)" : ""}
            </Button>
          </fieldset>
        ))}
        <FieldError id="list-sections-error" message={show("listMessage.sections")} />
        <Button
          variant="link"
          className="text-xs"
          disabled={sections.length >= 10 || totalRows >= 10}
          onClick={() => setSections((all) => [...all, { title: "", rows: [{ text: "", description: "" }] }])}
        >
          + Add a section
        </Button>
        <div className="flex justify-end gap-2 pt-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary">
            Send list
          </Button>
        </div>
      </div>
      <Preview message={message} kind="list" />
    </form>
  );
}

function Preview({ message, kind }: { message: SessionMessage | null; kind: string }) {
  return (
    <div className="chat-wallpaper hidden rounded-lg p-3 md:block">
      <p className="mb-2 text-[11px] font-medium tracking-wide text-slate-500 uppercase">Preview</p>
      {message ? (
        <MessageBubble message={previewDto(message, kind)} />
      ) : (
        <p className="text-xs text-slate-500">
          Fill in the required fields to see the message as the customer will.
        </p>
      )}
    </div>
  );
}

const ATTACHMENT_TYPES = ["image", "video", "audio", "document"] as const;

export function AttachmentDialog({ open, onClose, onSend }: Props) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Send a file by link"
      description="WhatsApp fetches the file from a public http(s) link."
    >
      <AttachmentForm onClose={onClose} onSend={onSend} />
    </Dialog>
  );
}

function AttachmentForm({ onClose, onSend }: Omit<Props, "open">) {
  const [type, setType] = useState<(typeof ATTACHMENT_TYPES)[number]>("image");
  const [url, setUrl] = useState("");
  const [caption, setCaption] = useState("");
  const [filename, setFilename] = useState("");
  const candidate = {
    attachments: [
      {
        type,
        url: url.trim(),
        ...(type !== "audio" && optional(caption) ? { caption } : {}),
        ...(type === "document" && optional(filename) ? { filename: filename.trim() } : {}),
      },
    ],
  };
  const { show, submit } = useValidatedSubmit(candidate, onSend, onClose);

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Kind</legend>
        <div className="flex gap-1" role="radiogroup">
          {ATTACHMENT_TYPES.map((t) => (
            <label
              key={t}
              className={`cursor-pointer rounded-md border px-3 py-1.5 text-xs font-medium capitalize ${type === t ? "border-emerald-600 bg-emerald-50 text-emerald-800" : "border-slate-300 text-slate-600"}`}
            >
              <input
                type="radio"
                name="attachment-type"
                value={t}
                checked={type === t}
                onChange={() => setType(t)}
                className="sr-only"
              />
              {t}
            </label>
          ))}
        </div>
      </fieldset>
      <Field id="att-url" label="File link" hint="http(s)" error={show("attachments.0.url")}>
        <input
          id="att-url"
          type="url"
          className={controlClass}
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://cdn.example.com/invoice.pdf"
          autoFocus
          aria-invalid={Boolean(show("attachments.0.url"))}
        />
      </Field>
      {type !== "audio" ? (
        <Field
          id="att-caption"
          label="Caption"
          hint="optional, 1024 characters"
          error={show("attachments.0.caption")}
        >
          <textarea
            id="att-caption"
            className={controlClass}
            rows={2}
            value={caption}
            onChange={(e) => setCaption(e.target.value)}
          />
        </Field>
      ) : null}
      {type === "document" ? (
        <Field
          id="att-filename"
          label="File name shown to the customer"
          hint="optional"
          error={show("attachments.0.filename")}
        >
          <input
            id="att-filename"
            className={controlClass}
            value={filename}
            onChange={(e) => setFilename(e.target.value)}
            placeholder="invoice-0425.pdf"
          />
        </Field>
      ) : null}
      <div className="flex justify-end gap-2 pt-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary">
          Send {type}
        </Button>
      </div>
    </form>
  );
}
