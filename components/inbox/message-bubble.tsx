import { BagIcon, FileIcon, ListIcon, PinIcon } from "@/components/ui/icons";
import { LinkifiedText, safeUrl } from "@/components/ui/linkified-text";
import type { MessageDto } from "@/lib/messaging/read-models";
import { formatTime, StatusTicks } from "./status-ticks";

type Attachment = { type: string; url: string; caption?: string; filename?: string };
type Content = {
  text?: string | null;
  attachment?: Attachment | null;
  attachments?: Attachment[];
  location?: { latitude: number; longitude: number; name?: string; address?: string } | null;
  buttonReply?: { text: string; id?: string; payload?: string } | null;
  referral?: { headline?: string; body?: string; sourceUrl?: string; sourceType?: string } | null;
  listMessage?: { button?: { text?: string }; sections?: { title?: string; rows?: { id: string; text: string }[] }[] };
  replyButtonMessage?: { buttons?: { id: string; text: string }[] };
  singleProductMessage?: { productItem?: { productRetailerId?: string } };
  multiProductMessage?: { sections?: { title?: string }[] };
  templateName?: string;
  language?: string;
  parameters?: { name: string; value: string }[];
};

export function MessageBubble({ message, onRetry }: { message: MessageDto; onRetry?: (m: MessageDto) => void }) {
  const outbound = message.direction === "OUTBOUND";
  const content = (message.content ?? {}) as Content;
  return (
    <div className={`flex ${outbound ? "justify-end" : "justify-start"}`} data-testid="message" data-direction={message.direction}>
      <div
        className={`max-w-[75%] rounded-lg px-3 py-2 text-sm shadow-sm ${
          outbound ? "rounded-tr-none bg-[#d9fdd3]" : "rounded-tl-none bg-white"
        } ${message.status === "FAILED" ? "ring-1 ring-red-300" : ""}`}
      >
        {content.referral ? <ReferralBanner referral={content.referral} /> : null}
        <Body message={message} content={content} />
        <div className="mt-1 flex items-center justify-end gap-1 text-[11px] text-slate-500">
          {message.author ? <span className="mr-1">{message.author.name} ·</span> : null}
          <time dateTime={message.createdAt}>{formatTime(message.createdAt)}</time>
          {outbound ? <StatusTicks message={message} /> : null}
        </div>
        {message.status === "FAILED" && message.error ? (
          <div role="alert" className="mt-2 rounded-md bg-red-50 px-2 py-1.5 text-xs text-red-800" data-testid="failure-reason">
            <p className="font-semibold">{message.error.title}</p>
            <p>{message.error.cause}</p>
            <p className="mt-0.5 text-red-700">{message.error.action}</p>
            {onRetry && message.error.retryable ? (
              <button type="button" onClick={() => onRetry(message)} className="mt-1 font-semibold underline">
                Retry
              </button>
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
    case "template":
      return (
        <div>
          <p className="text-xs font-semibold uppercase tracking-wide text-emerald-700">Template · {content.templateName ?? message.templateName}</p>
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
    case "location": {
      const loc = content.location;
      if (!loc) return <Text text={message.text} />;
      const href = `https://www.openstreetmap.org/?mlat=${loc.latitude}&mlon=${loc.longitude}#map=16/${loc.latitude}/${loc.longitude}`;
      return (
        <a href={href} target="_blank" rel="noopener noreferrer" className="flex items-start gap-1 text-sky-700 underline">
          <PinIcon className="mt-0.5" />
          {loc.name ?? "Location"} {loc.address ? `· ${loc.address}` : ""} ({loc.latitude.toFixed(4)}, {loc.longitude.toFixed(4)})
        </a>
      );
    }
    case "button_reply":
      return (
        <p>
          <span className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">Button</span>
          {content.buttonReply?.text ?? message.text}
        </p>
      );
    case "list":
      return (
        <div>
          <Text text={message.text} />
          <p className="mt-1 border-t border-black/5 pt-1 text-center text-xs font-medium text-sky-700"><ListIcon className="mr-1 h-3.5 w-3.5 align-[-2px]" />{content.listMessage?.button?.text ?? "Options"}</p>
        </div>
      );
    case "reply_buttons":
      return (
        <div>
          <Text text={message.text} />
          <div className="mt-1 flex flex-wrap gap-1">
            {content.replyButtonMessage?.buttons?.map((b) => (
              <span key={b.id} className="rounded border border-sky-200 px-2 py-0.5 text-xs text-sky-700">
                {b.text}
              </span>
            ))}
          </div>
        </div>
      );
    case "single_product":
    case "multi_product":
      return (
        <div>
          <p className="text-xs font-semibold text-slate-600"><BagIcon className="mr-1 h-3.5 w-3.5 align-[-2px]" />Product {message.kind === "single_product" ? content.singleProductMessage?.productItem?.productRetailerId : "list"}</p>
          <Text text={message.text} />
        </div>
      );
    default:
      return (
        <div>
          {attachment ? <AttachmentView attachment={attachment} /> : null}
          {message.kind === "attachment" && attachment?.caption ? null : <Text text={message.text} />}
          {attachment?.caption ? <p className="mt-1 whitespace-pre-wrap">{attachment.caption}</p> : null}
        </div>
      );
  }
}

function Text({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p className="whitespace-pre-wrap break-words">
      <LinkifiedText text={text} />
    </p>
  );
}

function AttachmentView({ attachment }: { attachment: Attachment }) {
  const url = safeUrl(attachment.url);
  if (!url) return <p className="text-xs text-slate-500">[{attachment.type}: unsupported link]</p>;
  if (attachment.type === "image") {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer">
        {/* eslint-disable-next-line @next/next/no-img-element -- customer media from arbitrary hosts */}
        <img src={url} alt={attachment.caption ?? "Image"} className="max-h-64 rounded-md" loading="lazy" />
      </a>
    );
  }
  if (attachment.type === "video") return <video src={url} controls className="max-h-64 rounded-md" preload="metadata" />;
  if (attachment.type === "audio") return <audio src={url} controls className="w-64" preload="none" />;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer" className="flex items-center gap-2 rounded-md bg-black/5 px-2 py-1.5 text-sky-800">
      <FileIcon /> <span className="truncate">{attachment.filename ?? "Document"}</span>
    </a>
  );
}

function ReferralBanner({ referral }: { referral: NonNullable<Content["referral"]> }) {
  const url = safeUrl(referral.sourceUrl);
  return (
    <div className="mb-1 rounded-md border-l-4 border-emerald-500 bg-emerald-50 px-2 py-1 text-xs text-emerald-900">
      <p className="font-semibold">From {referral.sourceType === "post" ? "a post" : "an ad"}: {referral.headline ?? "Click-to-WhatsApp"}</p>
      {referral.body ? <p className="line-clamp-2">{referral.body}</p> : null}
      {url ? (
        <a href={url} target="_blank" rel="noopener noreferrer" className="underline">
          Open source
        </a>
      ) : null}
    </div>
  );
}
