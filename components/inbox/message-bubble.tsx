"use client";

import { formatTime } from "@/lib/format/date-time";
import { catchError, type ErrorInfo } from "next/error";
import { useState } from "react";
import { BagIcon, FileIcon, ListIcon, PinIcon, ReplyIcon, RetryIcon, UserIcon } from "@/components/ui/icons";
import { TemplatePreview } from "@/components/templates/template-preview";
import { LinkifiedText, safeUrl } from "@/components/ui/linkified-text";
import { BareButton } from "@/components/ui/bare-button";
import { Button } from "@/components/ui/button";
import type { MessageDto, QuotedMessageDto } from "@/lib/messaging/read-models";
import { parseTemplateComponents } from "@/lib/templates/components";
import { DeliveryTimeline, STATUS_LABEL, StatusTicks } from "./status-ticks";

type Attachment = { type: string; url: string; caption?: string; filename?: string };
type Row = { id: string; text: string; description?: string };
type Content = {
  text?: string | null;
  attachment?: Attachment | null;
  attachments?: Attachment[];
  location?: { latitude: number; longitude: number; name?: string; address?: string } | null;
  buttonReply?: { text: string; id?: string; payload?: string } | null;
  listReply?: { title: string; id?: string; description?: string };
  reaction?: { emoji: string | null; messageId: string };
  sticker?: { url: string | null; animated?: boolean; mimeType?: string };
  contacts?: {
    name: string;
    phones: { phone: string; type?: string; waId?: string }[];
    emails: string[];
    organization?: string;
  }[];
  raw?: string;
  referral?: {
    headline?: string;
    body?: string;
    sourceUrl?: string;
    sourceType?: string;
    imageUrl?: string;
    thumbnailUrl?: string;
  } | null;
  listMessage?: {
    header?: { text?: string };
    footer?: { text?: string };
    button?: { text?: string };
    sections?: { title?: string; rows?: Row[] }[];
  };
  replyButtonMessage?: {
    header?: { text?: string; attachment?: Attachment };
    footer?: { text?: string };
    buttons?: { id: string; text: string }[];
  };
  singleProductMessage?: {
    catalogId?: string;
    productItem?: { productRetailerId?: string };
    footer?: { text?: string };
  };
  multiProductMessage?: {
    header?: { text?: string };
    footer?: { text?: string };
    catalogId?: string;
    sections?: { title?: string; productItems?: { productRetailerId?: string }[] }[];
  };
  templateName?: string;
  language?: string;
  parameters?: { name: string; value: string }[];
};

type BubbleProps = { message: MessageDto; onRetry?: (m: MessageDto) => void; retrying?: boolean };

/**
 * What the thread renders for a message: the bubble inside its own error boundary, so one record the bubble cannot
 * draw (a shape no normaliser foresaw, stored before a fix) costs that bubble, never the conversation.
 */
export function SafeMessageBubble(props: BubbleProps) {
  return (
    <BubbleBoundary message={props.message}>
      <MessageBubble {...props} />
    </BubbleBoundary>
  );
}

function UndisplayableBubble({ message }: { message: MessageDto }, { retry }: ErrorInfo) {
  const outbound = message.direction === "OUTBOUND";
  return (
    <div
      className={`flex ${outbound ? "justify-end" : "justify-start"}`}
      data-testid="message"
      data-direction={message.direction}
      data-kind="undisplayable"
    >
      <div
        role="note"
        className="max-w-[75%] rounded-lg border border-dashed border-slate-300 bg-white/70 px-3 py-2 text-xs text-slate-500"
      >
        <p className="font-medium text-slate-600">Cannot display this message</p>
        <p>
          Its content has a shape this inbox does not understand. The original is kept in the webhook log.{" "}
          <Button variant="inline" className="font-medium text-sky-700" onClick={() => retry()}>
            Try again
          </Button>
        </p>
        <p className="mt-0.5 text-right text-[11px]">
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
        </p>
      </div>
    </div>
  );
}

const BubbleBoundary = catchError(UndisplayableBubble);

/**
 * One message of the thread, inbound or outbound, of any kind the contract allows. Customer content is rendered as
 * text (React escapes it); only http(s) URLs ever become links or media sources.
 */
export function MessageBubble({ message, onRetry, retrying = false }: BubbleProps) {
  const outbound = message.direction === "OUTBOUND";
  const content = (message.content ?? {}) as Content;
  const [showInfo, setShowInfo] = useState(false);
  const optimistic = message.id.startsWith("optimistic-");
  return (
    <div
      className={`flex ${outbound ? "justify-end" : "justify-start"}`}
      data-testid="message"
      data-direction={message.direction}
      data-kind={message.kind}
    >
      <div
        className={`max-w-[75%] min-w-[8rem] rounded-lg px-3 py-2 text-sm shadow-sm ${
          outbound ? "rounded-tr-none bg-green-100" : "rounded-tl-none bg-white"
        } ${message.status === "FAILED" ? "ring-1 ring-red-300" : ""} ${optimistic ? "opacity-80" : ""}`}
      >
        {message.retryOfId ? (
          <p className="mb-1 flex items-center gap-1 text-[11px] text-slate-500">
            <RetryIcon className="h-3 w-3" />
            Resent after a failure
          </p>
        ) : null}
        {message.replyTo ? <QuotedSnippet quoted={message.replyTo} /> : null}
        {content.referral ? <ReferralBanner referral={content.referral} messageId={message.id} /> : null}
        <Body message={message} content={content} />
        {message.reaction ? (
          <p className="mt-1 -mb-1 flex justify-start" data-testid="message-reaction">
            <span
              className="rounded-full border border-slate-200 bg-white px-1.5 py-0.5 text-sm leading-none shadow-sm"
              title={`The customer reacted ${message.reaction.emoji}`}
              role="img"
              aria-label={`Customer reaction: ${message.reaction.emoji}`}
            >
              {message.reaction.emoji}
            </span>
          </p>
        ) : null}
        <div className="mt-1 flex items-center justify-end gap-1 text-[11px] text-slate-500">
          {message.campaignName ? (
            <span className="mr-1 rounded bg-black/5 px-1" title="Sent as part of a campaign">
              {message.campaignName}
            </span>
          ) : null}
          {message.author ? <span className="mr-1">{message.author.name} ·</span> : null}
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {outbound && message.status ? (
            <BareButton
              onClick={() => setShowInfo((v) => !v)}
              aria-expanded={showInfo}
              aria-label={`${STATUS_LABEL[message.status]}: show delivery details`}
              className="rounded px-0.5 hover:bg-black/5"
            >
              <StatusTicks message={message} />
            </BareButton>
          ) : null}
        </div>
        {showInfo ? <DeliveryTimeline message={message} /> : null}
        {message.status === "FAILED" && message.error ? (
          <div
            role="alert"
            className="mt-2 rounded-md bg-red-50 px-2 py-1.5 text-xs text-red-800"
            data-testid="failure-reason"
          >
            <p className="font-semibold">Not delivered: {message.error.title}</p>
            <p>{message.error.cause}</p>
            <p className="mt-0.5 text-red-700">{message.error.action}</p>
            {message.retriedById ? (
              <p className="mt-1 font-medium text-slate-600">Resent — see the copy below.</p>
            ) : onRetry && message.error.retryable ? (
              <Button
                variant="danger"
                size="sm"
                className="mt-1"
                onClick={() => onRetry(message)}
                pending={retrying}
              >
                {retrying ? null : <RetryIcon className="h-3 w-3" />}
                {retrying ? "Resending…" : "Retry"}
              </Button>
            ) : null}
            {message.error.traceId ? (
              <p className="mt-1 font-mono text-[10px] text-red-600/80">Trace {message.error.traceId}</p>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function Body({ message, content }: { message: MessageDto; content: Content }) {
  const attachment = content.attachment ?? content.attachments?.[0] ?? null;
  switch (message.kind) {
    case "template": {
      // Sends since the template library exists carry a snapshot of the components: render what the customer saw.
      const snapshot = parseTemplateComponents((content as { components?: unknown }).components);
      if (snapshot.length > 0) {
        return (
          <div className="min-w-[16rem]" data-testid="template-message">
            <p className="mb-1 text-xs font-semibold tracking-wide text-emerald-700 uppercase">
              Template · {content.templateName ?? message.templateName}
            </p>
            <TemplatePreview
              bare
              components={snapshot}
              values={Object.fromEntries((content.parameters ?? []).map((p) => [p.name, p.value]))}
            />
          </div>
        );
      }
      return (
        <div>
          <p className="text-xs font-semibold tracking-wide text-emerald-700 uppercase">
            Template · {content.templateName ?? message.templateName}
          </p>
          {content.parameters?.length ? (
            <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
              {content.parameters.map((p) => (
                <li key={p.name}>
                  <span className="font-mono">{p.name}</span>: {p.value}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      );
    }
    case "location": {
      const loc = content.location;
      if (!loc) return <Text text={message.text} />;
      const href = `https://www.openstreetmap.org/?mlat=${loc.latitude}&mlon=${loc.longitude}#map=16/${loc.latitude}/${loc.longitude}`;
      return (
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          className="flex items-start gap-1.5 text-sky-700 underline"
        >
          <PinIcon className="mt-0.5" />
          <span>
            <span className="font-medium">{loc.name ?? "Shared location"}</span>
            {loc.address ? <span className="block text-xs">{loc.address}</span> : null}
            <span className="block text-xs text-slate-500">
              {loc.latitude.toFixed(5)}, {loc.longitude.toFixed(5)} · open map
            </span>
          </span>
        </a>
      );
    }
    case "button_reply":
      return (
        <p className="flex items-center gap-1.5">
          <span className="rounded bg-sky-100 px-1.5 py-0.5 text-[11px] font-medium text-sky-800">Chose</span>
          <span className="font-medium">{content.buttonReply?.text ?? message.text}</span>
        </p>
      );
    case "list_reply": {
      // The chosen row, with its description from the list we sent when the reply quotes it.
      const chosen = content.listReply;
      const quotedList =
        message.replyTo && message.replyTo !== "missing"
          ? (message.replyTo.content as Content | null)?.listMessage
          : undefined;
      const row = quotedList?.sections
        ?.flatMap((s) => s.rows ?? [])
        .find((r) => chosen?.id !== undefined && r.id === chosen.id);
      return (
        <div data-testid="list-reply">
          <p className="flex items-center gap-1.5">
            <span className="rounded bg-sky-100 px-1.5 py-0.5 text-[11px] font-medium text-sky-800">
              Chose from list
            </span>
            <span className="font-medium">{row?.text ?? chosen?.title ?? message.text}</span>
          </p>
          {(row?.description ?? chosen?.description) ? (
            <p className="mt-0.5 text-xs text-slate-600">{row?.description ?? chosen?.description}</p>
          ) : null}
        </div>
      );
    }
    case "reaction":
      return (
        <p className="text-xs text-slate-500 italic">
          {content.reaction?.emoji ? `Reacted ${content.reaction.emoji}` : "Removed a reaction"}
        </p>
      );
    case "sticker": {
      const url = safeUrl(content.sticker?.url ?? "");
      return url ? (
        <MediaImage
          src={messageMediaUrl(message.id)}
          alt="Sticker"
          className="h-32 w-32 object-contain"
          testId="sticker"
        />
      ) : (
        <Unsupported label="Sticker" raw={content.raw ?? JSON.stringify(content.sticker ?? {})} />
      );
    }
    case "contacts":
      return (
        <div className="space-y-1.5" data-testid="shared-contacts">
          {(content.contacts ?? []).map((c, i) => (
            <div key={i} className="rounded-md bg-black/5 px-2 py-1.5">
              <p className="flex items-center gap-1 font-semibold">
                <UserIcon className="h-4 w-4" />
                {c.name}
              </p>
              {c.organization ? <p className="text-xs text-slate-600">{c.organization}</p> : null}
              {c.phones.map((p, j) => (
                <p key={j} className="text-xs text-slate-700">
                  {p.phone}
                  {p.type ? <span className="text-slate-500"> · {p.type.toLowerCase()}</span> : null}
                </p>
              ))}
              {c.emails.map((e, j) => (
                <p key={j} className="text-xs text-slate-700">
                  {e}
                </p>
              ))}
            </div>
          ))}
        </div>
      );
    case "list": {
      const list = content.listMessage;
      return (
        <div>
          {list?.header?.text ? <p className="font-semibold">{list.header.text}</p> : null}
          <Text text={message.text} />
          {list?.footer?.text ? <p className="mt-0.5 text-xs text-slate-500">{list.footer.text}</p> : null}
          <details className="mt-1 border-t border-black/10 pt-1">
            <summary className="cursor-pointer list-none text-center text-xs font-medium text-sky-700">
              <ListIcon className="mr-1 h-3.5 w-3.5 align-[-2px]" />
              {list?.button?.text ?? "Options"}
            </summary>
            <ul className="mt-1 space-y-1 text-xs">
              {list?.sections?.map((section, i) => (
                <li key={i}>
                  {section.title ? (
                    <p className="font-semibold tracking-wide text-slate-500 uppercase">{section.title}</p>
                  ) : null}
                  <ul>
                    {section.rows?.map((row) => (
                      <li key={row.id} className="py-0.5">
                        <span className="font-medium text-slate-800">{row.text}</span>
                        {row.description ? (
                          <span className="block text-slate-500">{row.description}</span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </details>
        </div>
      );
    }
    case "reply_buttons": {
      const rb = content.replyButtonMessage;
      return (
        <div>
          {rb?.header?.attachment ? (
            <AttachmentView attachment={rb.header.attachment} messageId={message.id} />
          ) : null}
          {rb?.header?.text ? <p className="font-semibold">{rb.header.text}</p> : null}
          <Text text={message.text} />
          {rb?.footer?.text ? <p className="mt-0.5 text-xs text-slate-500">{rb.footer.text}</p> : null}
          <div className="mt-1.5 flex flex-col gap-1 border-t border-black/10 pt-1.5">
            {rb?.buttons?.map((b) => (
              <span
                key={b.id}
                className="rounded bg-white/70 px-2 py-1 text-center text-xs font-medium text-sky-700"
              >
                {b.text}
              </span>
            ))}
          </div>
        </div>
      );
    }
    case "single_product": {
      const p = content.singleProductMessage;
      return (
        <div>
          <p className="flex items-center gap-1.5 rounded-md bg-black/5 px-2 py-1.5 text-xs">
            <BagIcon className="h-4 w-4" />
            <span>
              <span className="block font-semibold">Product {p?.productItem?.productRetailerId}</span>
              <span className="text-slate-500">Catalog {p?.catalogId}</span>
            </span>
          </p>
          <Text text={message.text} />
          {p?.footer?.text ? <p className="mt-0.5 text-xs text-slate-500">{p.footer.text}</p> : null}
        </div>
      );
    }
    case "multi_product": {
      const p = content.multiProductMessage;
      const count = p?.sections?.reduce((n, s) => n + (s.productItems?.length ?? 0), 0) ?? 0;
      return (
        <div>
          {p?.header?.text ? <p className="font-semibold">{p.header.text}</p> : null}
          <Text text={message.text} />
          <div className="mt-1 rounded-md bg-black/5 px-2 py-1.5 text-xs">
            <p className="flex items-center gap-1 font-semibold">
              <BagIcon className="h-4 w-4" />
              {count} products · catalog {p?.catalogId}
            </p>
            {p?.sections?.map((s, i) => (
              <p key={i} className="text-slate-600">
                {s.title}: {s.productItems?.map((it) => it.productRetailerId).join(", ")}
              </p>
            ))}
          </div>
          {p?.footer?.text ? <p className="mt-0.5 text-xs text-slate-500">{p.footer.text}</p> : null}
        </div>
      );
    }
    case "unsupported":
      return content.raw ? (
        <Unsupported label="Message" raw={content.raw} />
      ) : (
        <p className="text-xs text-slate-500 italic">
          {message.text ??
            "The customer sent something this inbox cannot show yet. Ask them to send it as text or a photo."}
        </p>
      );
    default:
      return (
        <div>
          {attachment ? <AttachmentView attachment={attachment} messageId={message.id} /> : null}
          {message.kind === "attachment" && attachment?.caption ? null : <Text text={message.text} />}
          {attachment?.caption ? (
            <p className="mt-1 break-words whitespace-pre-wrap">
              <LinkifiedText text={attachment.caption} />
            </p>
          ) : null}
        </div>
      );
  }
}

/** A kind this inbox cannot draw: said plainly, with the raw content one click away. */
function Unsupported({ label, raw }: { label: string; raw: string }) {
  return (
    <details className="text-xs text-slate-600" data-testid="unsupported-message">
      <summary className="cursor-pointer italic">
        {label} of a kind this inbox cannot show (unsupported): show the raw content
      </summary>
      <pre className="mt-1 max-h-40 overflow-auto rounded bg-black/5 p-1.5 font-mono text-[10px] break-all whitespace-pre-wrap">
        {raw}
      </pre>
    </details>
  );
}

function Text({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p className="break-words whitespace-pre-wrap">
      <LinkifiedText text={text} />
    </p>
  );
}

/**
 * Media is always loaded from the app, which keeps a copy (lib/media/message-media.ts): agents' browsers never fetch
 * customer media from other hosts, and the pages' CSP allows images and media from 'self' only.
 */
function messageMediaUrl(messageId: string, part?: "referral") {
  return `/api/messages/${encodeURIComponent(messageId)}/media${part ? `?part=${part}` : ""}`;
}

/** An image from the app; when the app cannot get it (the customer's link expired, a host it cannot reach) a note. */
function MediaImage({
  src,
  alt,
  className,
  testId,
}: {
  src: string;
  alt: string;
  className: string;
  testId: string;
}) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return (
      <span
        className="block rounded-md bg-black/5 px-2 py-1.5 text-xs text-slate-500"
        data-testid={testId}
        data-failed="true"
      >
        [{alt}: the file could not be loaded]
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- served by the app (messageMediaUrl), sized by the bubble
    <img
      src={src}
      alt={alt}
      className={className}
      loading="lazy"
      onError={() => setFailed(true)}
      data-testid={testId}
    />
  );
}

function AttachmentView({ attachment, messageId }: { attachment: Attachment; messageId: string }) {
  const url = safeUrl(attachment.url) ? messageMediaUrl(messageId) : null;
  if (!url)
    return (
      <p className="text-xs text-slate-500">
        [{attachment.type}: the link is not http(s), so it is not opened]
      </p>
    );
  if (attachment.type === "image") {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer" className="block">
        <MediaImage
          src={url}
          alt={attachment.caption ?? "Image"}
          className="max-h-64 rounded-md bg-black/5"
          testId="attachment-image"
        />
      </a>
    );
  }
  if (attachment.type === "video")
    return <video src={url} controls className="max-h-64 rounded-md bg-black/5" preload="metadata" />;
  if (attachment.type === "audio")
    return <audio src={url} controls className="w-64 max-w-full" preload="none" />;
  return (
    <a
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      download={attachment.filename}
      className="flex items-center gap-2 rounded-md bg-black/5 px-2 py-1.5 text-sky-800 hover:bg-black/10"
    >
      <FileIcon /> <span className="truncate">{attachment.filename ?? "Document"}</span>
      <span className="ml-auto text-[11px] text-slate-500">Download</span>
    </a>
  );
}

/** A short quote of the message this one answers (context.replyToId). */
function QuotedSnippet({ quoted }: { quoted: QuotedMessageDto | "missing" }) {
  if (quoted === "missing") {
    return (
      <p className="mb-1 rounded border-l-4 border-slate-300 bg-black/5 px-2 py-1 text-xs text-slate-500 italic">
        Replying to a message not in this inbox
      </p>
    );
  }
  const content = (quoted.content ?? {}) as Content & { campaignName?: string };
  const who = content.campaignName
    ? `Campaign · ${content.campaignName}`
    : quoted.direction === "OUTBOUND"
      ? "You"
      : "Customer";
  const snippet =
    quoted.text ??
    content.listMessage?.header?.text ??
    content.attachments?.[0]?.caption ??
    content.attachment?.caption ??
    (quoted.kind === "template"
      ? `Template ${content.templateName ?? ""}`.trim()
      : `[${quoted.kind.replace("_", " ")}]`);
  return (
    <div
      className="mb-1 rounded border-l-4 border-emerald-500 bg-black/5 px-2 py-1 text-xs"
      data-testid="quoted-message"
    >
      <p className="flex items-center gap-1 font-semibold text-emerald-800">
        <ReplyIcon className="h-3 w-3" />
        {who}
      </p>
      <p className="line-clamp-2 text-slate-600">{snippet}</p>
    </div>
  );
}

/** A stored field as text, or undefined: rows written before the webhook normaliser checked types may hold objects. */
const textOf = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

function ReferralBanner({
  referral: stored,
  messageId,
}: {
  referral: NonNullable<Content["referral"]>;
  messageId: string;
}) {
  const referral = {
    headline: textOf(stored.headline),
    body: textOf(stored.body),
    sourceType: textOf(stored.sourceType),
  };
  const url = safeUrl(textOf(stored.sourceUrl));
  const thumb = safeUrl(textOf(stored.thumbnailUrl) ?? textOf(stored.imageUrl))
    ? messageMediaUrl(messageId, "referral")
    : null;
  return (
    <div
      className="mb-1 flex gap-2 rounded-md border-l-4 border-emerald-500 bg-emerald-50 px-2 py-1 text-xs text-emerald-900"
      data-testid="referral"
    >
      {thumb ? (
        // eslint-disable-next-line @next/next/no-img-element -- the ad thumbnail, served by the app
        <img src={thumb} alt="" className="h-10 w-10 shrink-0 rounded object-cover" loading="lazy" />
      ) : null}
      <div className="min-w-0">
        <p className="font-semibold">
          From {referral.sourceType === "post" ? "a post" : "an ad"}:{" "}
          {referral.headline ?? "Click-to-WhatsApp"}
        </p>
        {referral.body ? <p className="line-clamp-2">{referral.body}</p> : null}
        {url ? (
          <a href={url} target="_blank" rel="noopener noreferrer" className="underline">
            Open the {referral.sourceType === "post" ? "post" : "ad"}
          </a>
        ) : null}
      </div>
    </div>
  );
}
