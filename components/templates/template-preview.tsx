"use client";

import { useEffect, useRef, useState } from "react";
import {
  CopyIcon,
  ExternalLinkIcon,
  FileIcon,
  ImageIcon,
  PhoneIcon,
  PlayIcon,
  ReplyIcon,
} from "@/components/ui/icons";
import {
  mediaParameterKind,
  parameterKeys,
  type CarouselCard,
  type HeaderComponent,
  type TemplateButton,
  type TemplateComponent,
  type UnknownComponent,
} from "@/lib/connectly/template-components";
import { safeDecodeURIComponent } from "@/lib/safe-decode";
import { buttonHref } from "@/lib/connectly/url-buttons";
import { segmentTemplateText } from "@/lib/templates/render-text";

// What the customer will see, as WhatsApp draws it: header, body with the variables filled in (unfilled ones
// marked), footer, buttons, and a carousel of cards that scrolls sideways. Used live next to the variable
// form, in the library, and for sent template messages in the inbox (from the message's snapshot).

type Values = Readonly<Record<string, string>>;

export function TemplatePreview({
  components,
  values = {},
  bare = false,
  className = "",
  activeCard,
}: {
  components: readonly TemplateComponent[];
  /** Parameter name -> value (body_1, card_2_header_image...). */
  values?: Values;
  /** Without the chat wallpaper and bubble, for use inside an existing message bubble. */
  bare?: boolean;
  className?: string;
  /** The carousel card being edited (1-based): scrolled into view so the preview shows what is typed. */
  activeCard?: number;
}) {
  const cardsRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const row = cardsRef.current;
    const card = activeCard ? row?.querySelector<HTMLElement>(`[data-card="${activeCard}"]`) : null;
    // Sideways only: scrollIntoView would also scroll the dialog or page vertically.
    if (row && card)
      row.scrollTo({
        left: row.scrollLeft + card.getBoundingClientRect().left - row.getBoundingClientRect().left - 4,
        behavior: "smooth",
      });
  }, [activeCard]);
  const header = components.find((c): c is HeaderComponent => "header" in c);
  const body = components.find((c) => "body" in c);
  const footer = components.find((c) => "footer" in c);
  const buttons = components.find((c) => "buttons" in c);
  const carousel = components.find((c) => "carousel" in c);
  const unknowns = components.filter((c): c is UnknownComponent => "unknown" in c);

  const bodyText = body && "body" in body ? body.body.text.text : "";
  const empty = !header && !bodyText.trim() && !footer && !buttons && unknowns.length === 0;
  const bubble = empty ? null : (
    <div
      className={bare ? "" : "rounded-lg rounded-tl-none bg-white p-1.5 shadow-sm"}
      data-testid="template-preview-bubble"
    >
      {header ? <Header header={header.header} values={values} card={null} /> : null}
      {unknowns.map((c, i) => (
        <UnknownPart key={i} part={c.unknown} />
      ))}
      <div className={bare ? "" : "px-1.5 pt-1"}>
        {bodyText.trim() ? (
          <p
            className="text-sm break-words whitespace-pre-wrap text-slate-900"
            data-testid="template-preview-body"
          >
            <FilledText text={bodyText} valueOf={(n) => values[parameterKeys.body(n)]} />
          </p>
        ) : null}
        {footer && "footer" in footer ? (
          <p className="mt-1 text-xs text-slate-500">{footer.footer.text.text}</p>
        ) : null}
      </div>
      {buttons && "buttons" in buttons ? (
        <Buttons buttons={buttons.buttons.buttons} values={values} card={null} />
      ) : null}
    </div>
  );

  const cards =
    carousel && "carousel" in carousel ? (
      <div
        ref={cardsRef}
        className="mt-2 flex snap-x gap-2 overflow-x-auto pb-2"
        data-testid="template-preview-carousel"
        tabIndex={0}
        role="group"
        aria-label="Carousel cards"
      >
        {carousel.carousel.cards.map((card, i) => (
          <Card key={i} card={card} n={i + 1} values={values} />
        ))}
      </div>
    ) : null;

  if (bare) {
    return (
      <div className={className} data-testid="template-preview">
        {bubble}
        {cards}
      </div>
    );
  }
  return (
    <div
      className={`chat-wallpaper rounded-xl border border-slate-200 p-3 ${className}`}
      data-testid="template-preview"
    >
      <div className="max-w-[19rem]">{bubble}</div>
      {cards}
    </div>
  );
}

/** A component or button kind the app does not model: named, with its raw JSON one click away. */
function UnknownPart({ part }: { part: UnknownComponent["unknown"] }) {
  const label = part.kind.replace(/_/g, " ").toLowerCase();
  return (
    <details
      className="mx-1.5 mt-1 rounded-md border border-dashed border-slate-300 bg-slate-50 px-2 py-1 text-xs text-slate-600"
      data-testid="template-preview-unknown"
      data-kind={part.kind}
    >
      <summary className="cursor-pointer">Unsupported component: {label}</summary>
      <pre className="mt-1 max-h-40 overflow-auto font-mono text-[10px] break-all whitespace-pre-wrap">
        {JSON.stringify(part.raw, null, 2).slice(0, 2000)}
      </pre>
    </details>
  );
}

function FilledText({ text, valueOf }: { text: string; valueOf: (n: number) => string | undefined }) {
  return (
    <>
      {segmentTemplateText(text, valueOf).map((segment, i) =>
        segment.kind === "text" ? (
          <span key={i}>{segment.text}</span>
        ) : segment.value !== null ? (
          <span key={i} className="rounded-sm bg-emerald-50 text-emerald-900" data-variable={segment.n}>
            {segment.value}
          </span>
        ) : (
          <mark
            key={i}
            className="rounded bg-amber-100 px-0.5 font-mono text-[0.8em] text-amber-800 ring-1 ring-amber-300"
            data-testid="unfilled-variable"
            title="Not filled in yet"
          >{`{{${segment.n}}}`}</mark>
        ),
      )}
    </>
  );
}

function isHttpUrl(value: string | undefined): value is string {
  if (!value) return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function Header({
  header,
  values,
  card,
}: {
  header: HeaderComponent["header"];
  values: Values;
  card: number | null;
}) {
  if ("text" in header) {
    return (
      <p className="px-1.5 pt-1 text-sm font-semibold text-slate-900">
        {/* A text header has at most {{1}}, sent as header_text. */}
        <FilledText text={header.text.text} valueOf={() => values[parameterKeys.headerText(card)]} />
      </p>
    );
  }
  const kind = mediaParameterKind(header.media.type);
  return <MediaBox kind={kind} url={values[parameterKeys.headerMedia(kind, card)]} />;
}

/**
 * The pages' CSP loads images from the app only: an image of this origin is shown as it is, any other through the
 * app's kept copy (files uploaded here); one the app does not keep shows the placeholder.
 */
function previewSrc(url: string): string {
  const sameOrigin = typeof window !== "undefined" && new URL(url).origin === window.location.origin;
  return sameOrigin ? url : `/api/media/by-url?url=${encodeURIComponent(url)}`;
}

function MediaBox({ kind, url }: { kind: "image" | "video" | "document"; url: string | undefined }) {
  const [failed, setFailed] = useState<string | null>(null);
  if (kind === "image" && isHttpUrl(url) && failed !== url) {
    return (
      // eslint-disable-next-line @next/next/no-img-element -- the app's kept copy of an uploaded header, sized by the card
      <img
        src={previewSrc(url)}
        alt="Header image"
        onError={() => setFailed(url)}
        className="aspect-[1.91/1] w-full rounded-md bg-slate-100 object-cover"
        data-testid="template-preview-image"
      />
    );
  }
  const label = { image: "Image", video: "Video", document: "Document" }[kind];
  const Icon = kind === "image" ? ImageIcon : kind === "video" ? PlayIcon : FileIcon;
  const name =
    kind === "document" && isHttpUrl(url)
      ? safeDecodeURIComponent(url.split(/[?#]/)[0]?.split("/").pop() ?? "")
      : "";
  return (
    <div
      className="flex aspect-[1.91/1] w-full flex-col items-center justify-center gap-1 rounded-md bg-slate-200/70 text-slate-600"
      data-testid="template-preview-media"
      data-kind={kind}
    >
      <Icon className="h-7 w-7" />
      <span className="text-xs font-medium">{label}</span>
      <span className="max-w-full truncate px-3 text-[11px] text-slate-500">
        {isHttpUrl(url)
          ? failed === url
            ? `No preview: ${new URL(url).host} (previews show uploaded files)`
            : name || new URL(url).host
          : "No URL yet"}
      </span>
    </div>
  );
}

function Buttons({
  buttons,
  values,
  card,
}: {
  buttons: readonly TemplateButton[];
  values: Values;
  card: number | null;
}) {
  return (
    <div className="mt-1.5 divide-y divide-slate-100 border-t border-slate-100">
      {buttons.map((button, i) => {
        const { icon, text, title } = describeButton(button, values[parameterKeys.buttonUrl(i + 1, card)]);
        return (
          <div
            key={i}
            className="flex items-center justify-center gap-1.5 py-2 text-sm font-medium text-sky-700"
            title={title}
          >
            {icon}
            <span className="truncate">{text}</span>
          </div>
        );
      })}
    </div>
  );
}

function describeButton(button: TemplateButton, suffix: string | undefined) {
  if ("url" in button) {
    const href = buttonHref(button.url.url, suffix);
    return { icon: <ExternalLinkIcon />, text: button.url.text, title: href };
  }
  if ("phoneNumber" in button)
    return { icon: <PhoneIcon />, text: button.phoneNumber.text, title: button.phoneNumber.phoneNumber };
  if ("copyCode" in button) return { icon: <CopyIcon />, text: "Copy code", title: button.copyCode.example };
  if ("unknown" in button) {
    return {
      icon: null,
      text: `Unsupported button: ${button.unknown.kind.replace(/_/g, " ").toLowerCase()}`,
      title: JSON.stringify(button.unknown.raw).slice(0, 500),
    };
  }
  return { icon: <ReplyIcon />, text: button.quickReply.text, title: "Quick reply" };
}

function Card({ card, n, values }: { card: CarouselCard; n: number; values: Values }) {
  const header = card.components.find((c) => "header" in c);
  const body = card.components.find((c) => "body" in c);
  const buttons = card.components.find((c) => "buttons" in c);
  const unknowns = card.components.filter((c): c is UnknownComponent => "unknown" in c);
  return (
    <div
      className="w-56 shrink-0 snap-start rounded-lg bg-white p-1.5 shadow-sm"
      data-testid="template-preview-card"
      data-card={n}
    >
      {header && "header" in header ? <Header header={header.header} values={values} card={n} /> : null}
      {unknowns.map((c, i) => (
        <UnknownPart key={i} part={c.unknown} />
      ))}
      {body && "body" in body ? (
        <p className="px-1.5 pt-1.5 text-sm break-words whitespace-pre-wrap text-slate-900">
          <FilledText text={body.body.text.text} valueOf={(m) => values[parameterKeys.body(m, n)]} />
        </p>
      ) : null}
      {buttons && "buttons" in buttons ? (
        <Buttons buttons={buttons.buttons.buttons} values={values} card={n} />
      ) : null}
    </div>
  );
}
