import { z } from "zod";
import { sessionMessageSchema, type SessionMessage } from "../connectly/schemas";

// The composer's structured-message builders (reply buttons, list, file by link) as plain data: every input a
// string, at the same path as in the session message body ("replyButtonMessage.buttons.1.text",
// "listMessage.sections.0.rows.2.text"), so the contract schema's issues land on the fields unchanged. The
// conversion drops what was left empty and numbers the ids; every rule is sessionMessageSchema's.

type TextPart = { text: string };

export type ReplyButtonsDraft = {
  text: string;
  replyButtonMessage: { header: TextPart; footer: TextPart; buttons: TextPart[] };
};

export type ListRowDraft = { text: string; description: string };
export type ListSectionDraft = { title: string; rows: ListRowDraft[] };
export type ListDraft = {
  text: string;
  listMessage: { header: TextPart; footer: TextPart; button: TextPart; sections: ListSectionDraft[] };
};

export const ATTACHMENT_TYPES = ["image", "video", "audio", "document"] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export type AttachmentDraft = {
  attachments: [{ type: AttachmentType; url: string; caption: string; filename: string }];
};

/** At most this many options across a list's sections (the contract's limit, offered by the form). */
export const LIST_MAX_ROWS = 10;
export const REPLY_BUTTONS_MAX = 3;

const given = (v: string) => (v.trim() === "" ? undefined : v);
/** `{ key: { text } }` when the text is given, else nothing. */
const textPart = <K extends string>(key: K, part: TextPart) =>
  given(part.text) ? ({ [key]: { text: part.text } } as Record<K, TextPart>) : {};

export const emptyRow = (): ListRowDraft => ({ text: "", description: "" });
export const emptySection = (): ListSectionDraft => ({ title: "", rows: [emptyRow()] });

export const emptyReplyButtons = (): ReplyButtonsDraft => ({
  text: "",
  replyButtonMessage: { header: { text: "" }, footer: { text: "" }, buttons: [{ text: "" }, { text: "" }] },
});

export const emptyList = (): ListDraft => ({
  text: "",
  listMessage: {
    header: { text: "" },
    footer: { text: "" },
    button: { text: "Choose" },
    sections: [emptySection()],
  },
});

export const emptyAttachment = (): AttachmentDraft => ({
  attachments: [{ type: "image", url: "", caption: "", filename: "" }],
});

function replyButtonsBody(d: ReplyButtonsDraft): unknown {
  const m = d.replyButtonMessage;
  return {
    text: d.text,
    replyButtonMessage: {
      ...textPart("header", m.header),
      ...textPart("footer", m.footer),
      buttons: m.buttons.map((b, i) => ({ id: `button_${i + 1}`, text: b.text })),
    },
  };
}

function listBody(d: ListDraft): unknown {
  const m = d.listMessage;
  return {
    text: d.text,
    listMessage: {
      ...textPart("header", m.header),
      ...textPart("footer", m.footer),
      button: { text: m.button.text },
      sections: m.sections.map((s, si) => ({
        ...(given(s.title) ? { title: s.title } : {}),
        rows: s.rows.map((r, ri) => ({
          id: `option_${si + 1}_${ri + 1}`,
          text: r.text,
          ...(given(r.description) ? { description: r.description } : {}),
        })),
      })),
    },
  };
}

function attachmentBody(d: AttachmentDraft): unknown {
  const [a] = d.attachments;
  return {
    attachments: [
      {
        type: a.type,
        url: a.url.trim(),
        ...(a.type !== "audio" && given(a.caption) ? { caption: a.caption } : {}),
        ...(a.type === "document" && given(a.filename) ? { filename: a.filename.trim() } : {}),
      },
    ],
  };
}

/** A draft checked by the contract's session message schema: the form's resolver. */
function draftSchema<D>(toBody: (draft: D) => unknown) {
  return z
    .custom<D>((value) => typeof value === "object" && value !== null)
    .transform(toBody)
    .pipe(sessionMessageSchema);
}

export const replyButtonsDraftSchema = draftSchema(replyButtonsBody);
export const listDraftSchema = draftSchema(listBody);
export const attachmentDraftSchema = draftSchema(attachmentBody);

export type MessageDraftSchema<D> = z.ZodType<SessionMessage, D>;

/** Options across all sections of a list draft. */
export const listRowCount = (d: ListDraft) => d.listMessage.sections.reduce((n, s) => n + s.rows.length, 0);
