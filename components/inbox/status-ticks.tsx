import type { MessageDto } from "@/lib/messaging/read-models";

const LABEL: Record<NonNullable<MessageDto["status"]>, string> = {
  QUEUED: "Sending",
  SENT: "Sent",
  DELIVERED: "Delivered",
  READ: "Read",
  FAILED: "Failed",
};

/** WhatsApp's tick language: clock, one grey tick, two grey ticks, two blue ticks; a red mark for failures. */
export function StatusTicks({ message }: { message: MessageDto }) {
  const status = message.status;
  if (!status) return null;
  const times = [
    message.sentAt && `Sent ${formatTime(message.sentAt)}`,
    message.deliveredAt && `Delivered ${formatTime(message.deliveredAt)}`,
    message.readAt && `Read ${formatTime(message.readAt)}`,
    message.failedAt && `Failed ${formatTime(message.failedAt)}`,
  ].filter(Boolean);
  const title = times.length ? times.join(" · ") : LABEL[status];
  return (
    <span title={title} aria-label={LABEL[status]} data-status={status} className="inline-flex items-center">
      {status === "QUEUED" && <ClockIcon />}
      {status === "SENT" && <Tick className="text-slate-400" />}
      {status === "DELIVERED" && <DoubleTick className="text-slate-400" />}
      {status === "READ" && <DoubleTick className="text-sky-500" />}
      {status === "FAILED" && <span className="text-xs font-bold text-red-600">!</span>}
    </span>
  );
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
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

function ClockIcon() {
  return (
    <svg viewBox="0 0 12 12" width="12" height="12" className="text-slate-400" aria-hidden>
      <circle cx="6" cy="6" r="5" fill="none" stroke="currentColor" strokeWidth="1.2" />
      <path d="M6 3v3l2 1.2" fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}
