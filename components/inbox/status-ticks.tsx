import { formatDateTime, formatTime } from "@/lib/format/date-time";
import type { MessageDto } from "@/lib/messaging/read-models";

type Status = NonNullable<MessageDto["status"]>;

export const STATUS_LABEL: Record<Status, string> = {
  QUEUED: "Sending",
  SENT: "Sent",
  DELIVERED: "Delivered",
  READ: "Read",
  FAILED: "Failed",
};

/** WhatsApp's tick language: clock, one grey tick, two grey ticks, two blue ticks; a red mark for failures. */
export function StatusTicks({
  message,
}: {
  message: Pick<MessageDto, "status" | "sentAt" | "deliveredAt" | "readAt" | "failedAt">;
}) {
  const status = message.status;
  if (!status) return null;
  const times = [
    message.sentAt && `Sent ${formatTime(message.sentAt)}`,
    message.deliveredAt && `Delivered ${formatTime(message.deliveredAt)}`,
    message.readAt && `Read ${formatTime(message.readAt)}`,
    message.failedAt && `Failed ${formatTime(message.failedAt)}`,
  ].filter(Boolean);
  const title = times.length ? times.join(" · ") : STATUS_LABEL[status];
  return (
    <span
      title={title}
      role="img"
      aria-label={STATUS_LABEL[status]}
      data-status={status}
      className="inline-flex items-center"
    >
      <TickGlyph status={status} />
    </span>
  );
}

export function TickGlyph({ status }: { status: Status }) {
  switch (status) {
    case "QUEUED":
      return <ClockGlyph />;
    case "SENT":
      return <Tick className="text-slate-500" />;
    case "DELIVERED":
      return <DoubleTick className="text-slate-500" />;
    case "READ":
      return <DoubleTick className="text-sky-500" />;
    case "FAILED":
      return (
        <span
          className="inline-flex h-3.5 w-3.5 items-center justify-center rounded-full bg-red-600 text-[10px] leading-none font-bold text-white"
          aria-hidden
        >
          !
        </span>
      );
  }
}

/** Every stage the message went through, with its time: the expandable "message info". */
export function DeliveryTimeline({ message }: { message: MessageDto }) {
  const stages: { label: string; at: string | null }[] = [
    { label: "Queued", at: message.createdAt },
    { label: "Sent", at: message.sentAt },
    { label: "Delivered", at: message.deliveredAt },
    { label: "Read", at: message.readAt },
  ];
  if (message.failedAt) stages.push({ label: "Failed", at: message.failedAt });
  return (
    <dl
      className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 rounded-md bg-black/5 px-2 py-1.5 text-[11px] text-slate-600"
      data-testid="delivery-info"
    >
      {stages.map((s) => (
        <div key={s.label} className="contents">
          <dt className={s.label === "Failed" ? "font-medium text-red-700" : "font-medium"}>{s.label}</dt>
          <dd className="tabular-nums">{s.at ? formatDateTime(s.at, { seconds: true }) : "—"}</dd>
        </div>
      ))}
    </dl>
  );
}

function Tick({ className }: { className: string }) {
  return (
    <svg viewBox="0 0 16 11" width="16" height="11" className={className} aria-hidden>
      <path d="M11.1 0.7 4.6 7.3 1.9 4.6 0.7 5.8l3.9 3.9 7.7-7.7z" fill="currentColor" />
    </svg>
  );
}

function DoubleTick({ className }: { className: string }) {
  return (
    <svg viewBox="0 0 18 11" width="18" height="11" className={className} aria-hidden>
      <path d="M11.1 0.7 4.6 7.3 1.9 4.6 0.7 5.8l3.9 3.9 7.7-7.7z" fill="currentColor" />
      <path d="M16.1 0.7 9.6 7.3l-.9-.9-1.2 1.2 2.1 2.1 7.7-7.7z" fill="currentColor" />
    </svg>
  );
}

function ClockGlyph() {
  return (
    <svg viewBox="0 0 12 12" width="12" height="12" className="text-slate-500" aria-hidden>
      <circle cx="6" cy="6" r="5" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <path d="M6 3v3l2 1.2" fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}
