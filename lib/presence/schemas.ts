import { z } from "zod";

// What a tab reports about its user: the conversation on screen, whether they are active, and (throttled by the
// client to one report every few seconds) that they are typing there.
export const reportPresenceSchema = z
  .object({
    streamId: z.string().min(1).max(64),
    conversationId: z.string().min(1).max(64).nullable(),
    active: z.boolean(),
    typing: z.boolean().optional(),
  })
  .strict();
export type ReportPresenceInput = z.infer<typeof reportPresenceSchema>;

/** A tab's presence line is dropped by the browsers when no heartbeat refreshed it for this long. */
export const PRESENCE_TTL_MS = 50_000;
/** The event stream's heartbeat, which also refreshes its presence row. */
export const PRESENCE_BEAT_MS = 20_000;
/** "Typing" fades this long after the last keystroke report. */
export const TYPING_TTL_MS = 6_000;
/** A tab reports typing at most this often. */
export const TYPING_THROTTLE_MS = 2_500;
/** Without input for this long, a user counts as away. */
export const IDLE_AFTER_MS = 3 * 60_000;

export type PresenceDto = {
  streamId: string;
  userId: string;
  name: string;
  conversationId: string | null;
  active: boolean;
};
