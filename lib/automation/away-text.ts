import { nextOpening, type BusinessHours } from "./business-hours";

/** `{{next_opening}}` → "Mon 09:00" in the workspace's time zone (the local weekday and time it opens again). */
export function fillNextOpening(text: string, hours: BusinessHours, now: Date): string {
  if (!text.includes("{{next_opening}}")) return text;
  const next = nextOpening(hours, now);
  const label = next
    ? new Intl.DateTimeFormat("en-GB", {
        timeZone: hours.timeZone,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      }).format(next)
    : "soon";
  return text.replaceAll("{{next_opening}}", label);
}
