import type { PresenceEvent } from "../realtime/events";
import { PRESENCE_TTL_MS, TYPING_TTL_MS, type PresenceDto } from "./schemas";

// The browser's view of who is where: open tabs (refreshed by each stream heartbeat, dropped after PRESENCE_TTL_MS
// without one) and short-lived typing marks. Pure and clock-injected, so expiry is testable without waiting.

type Stream = PresenceDto & { at: number };
export type AgentStatus = "online" | "away" | "offline";

export class PresenceState {
  private streams = new Map<string, Stream>();
  private typing = new Map<string, { userId: string; name: string; conversationId: string; until: number }>();

  /** Replaces the open tabs with a snapshot from GET /api/presence (typing marks are kept). */
  snapshot(list: PresenceDto[], now: number) {
    this.streams = new Map(list.map((p) => [p.streamId, { ...p, at: now }]));
  }

  apply(event: PresenceEvent, now: number) {
    if (event.typing) {
      if (!event.conversationId) return;
      this.typing.set(`${event.userId}|${event.conversationId}`, {
        userId: event.userId,
        name: event.name,
        conversationId: event.conversationId,
        until: now + TYPING_TTL_MS,
      });
      return;
    }
    if (!event.streamId) return;
    if (event.gone) {
      this.streams.delete(event.streamId);
      return;
    }
    // Someone who moved to another conversation is no longer typing in the one they left.
    const before = this.streams.get(event.streamId);
    if (before?.conversationId && before.conversationId !== event.conversationId)
      this.typing.delete(`${event.userId}|${before.conversationId}`);
    this.streams.set(event.streamId, {
      streamId: event.streamId,
      userId: event.userId,
      name: event.name,
      conversationId: event.conversationId,
      active: event.active,
      at: now,
    });
  }

  /** Other users looking at / typing in this conversation (names, each once). */
  inConversation(
    conversationId: string,
    exceptUserId: string,
    now: number,
  ): { viewing: string[]; typing: string[] } {
    const typing = new Map<string, string>();
    for (const t of this.typing.values()) {
      if (t.conversationId === conversationId && t.userId !== exceptUserId && t.until > now)
        typing.set(t.userId, t.name);
    }
    const viewing = new Map<string, string>();
    for (const s of this.live(now)) {
      if (s.conversationId === conversationId && s.userId !== exceptUserId && !typing.has(s.userId))
        viewing.set(s.userId, s.name);
    }
    return { viewing: [...viewing.values()].sort(), typing: [...typing.values()].sort() };
  }

  /** Online: a live tab whose user is active; away: live tabs, all idle; offline: no live tab. */
  status(userId: string, now: number): AgentStatus {
    let status: AgentStatus = "offline";
    for (const s of this.live(now)) {
      if (s.userId !== userId) continue;
      if (s.active) return "online";
      status = "away";
    }
    return status;
  }

  /** Drops expired entries; true when something changed. */
  prune(now: number): boolean {
    let changed = false;
    for (const [id, s] of this.streams)
      if (now - s.at > PRESENCE_TTL_MS) changed = this.streams.delete(id) || changed;
    for (const [key, t] of this.typing) if (t.until <= now) changed = this.typing.delete(key) || changed;
    return changed;
  }

  private *live(now: number) {
    for (const s of this.streams.values()) if (now - s.at <= PRESENCE_TTL_MS) yield s;
  }
}
