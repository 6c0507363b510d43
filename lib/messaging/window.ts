// The WhatsApp customer-service window: free-form (session) messages are allowed for 24 hours after the
// customer's last inbound message. Pure functions, shared by the server check and the inbox countdown.

export const WINDOW_MS = 24 * 60 * 60 * 1000;

export type WindowState =
  { open: true; expiresAt: Date; msLeft: number } | { open: false; expiresAt: Date | null; msLeft: 0 };

export function windowState(
  lastInboundAt: Date | string | null | undefined,
  now: Date | number = Date.now(),
): WindowState {
  if (!lastInboundAt) return { open: false, expiresAt: null, msLeft: 0 };
  const expiresAt = new Date(new Date(lastInboundAt).getTime() + WINDOW_MS);
  const msLeft = expiresAt.getTime() - (typeof now === "number" ? now : now.getTime());
  return msLeft > 0 ? { open: true, expiresAt, msLeft } : { open: false, expiresAt, msLeft: 0 };
}

/** "hh:mm" left, rounded down; in the last minute "m:ss" ("0:42"); "0:00" once closed. */
export function formatWindowLeft(msLeft: number): string {
  if (msLeft < 60_000) return `0:${String(Math.max(0, Math.floor(msLeft / 1000))).padStart(2, "0")}`;
  const totalMinutes = Math.max(0, Math.floor(msLeft / 60_000));
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

/** Colour band of the countdown: amber in the last hour, red in the last 15 minutes. */
export function windowUrgency(msLeft: number): "ok" | "warning" | "critical" | "closed" {
  if (msLeft <= 0) return "closed";
  if (msLeft <= 15 * 60_000) return "critical";
  if (msLeft <= 60 * 60_000) return "warning";
  return "ok";
}
