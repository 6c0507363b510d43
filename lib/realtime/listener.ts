import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "../env";
import { log } from "../observability/logger";
import { countSseClientsWith } from "../observability/metrics";
import { INBOX_CHANNEL, PRESENCE_CHANNEL, type InboxEvent, type PresenceEvent } from "./events";

// One LISTEN connection per app process, shared by every open SSE stream. It reconnects by itself after the
// database restarts; streams are told to refetch when that happens, since notifications may have been missed.

// `listening` says whether the LISTEN connection is up right now (the readiness check reads it).
type Listener = { emitter: EventEmitter; ready: Promise<void>; listening: () => boolean };
const globalForListener = globalThis as unknown as { inboxListener?: Listener };

export function inboxListener(): Listener {
  globalForListener.inboxListener ??= start();
  return globalForListener.inboxListener;
}

function start(): Listener {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  let resolveReady: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  let listening = false;
  // Each open SSE stream holds one "event" listener.
  countSseClientsWith(() => emitter.listenerCount("event"));

  const connect = async (attempt: number): Promise<void> => {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    client.on("notification", (msg) => {
      if (msg.channel === PRESENCE_CHANNEL && msg.payload) {
        try {
          emitter.emit("presence", JSON.parse(msg.payload) as PresenceEvent);
        } catch {
          // malformed: skipped
        }
        return;
      }
      if (msg.channel !== INBOX_CHANNEL || !msg.payload) return;
      let event: InboxEvent & { requestId?: string };
      try {
        event = JSON.parse(msg.payload) as InboxEvent & { requestId?: string };
      } catch {
        return; // A malformed payload is not worth killing the stream for.
      }
      // Writers put the request id of the webhook that caused the change into the payload: the same id as the
      // webhook's own log line, so one grep follows a message from receipt to the browsers.
      const { requestId, ...inboxEvent } = event;
      log("realtime").info(
        {
          requestId,
          event: inboxEvent.type,
          conversationId: inboxEvent.conversationId,
          streams: emitter.listenerCount("event"),
        },
        "inbox event fanned out",
      );
      emitter.emit("event", inboxEvent);
    });
    const retry = (error?: unknown) => {
      if (listening) log("realtime").warn({ err: error }, "LISTEN connection lost; reconnecting");
      listening = false;
      client.removeAllListeners();
      client.end().catch(() => {});
      emitter.emit("reset");
      setTimeout(() => void connect(attempt + 1), Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    };
    client.on("error", retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
      await client.query(`LISTEN ${PRESENCE_CHANNEL}`);
      listening = true;
      resolveReady();
      if (attempt > 0) emitter.emit("reset");
      attempt = 0;
    } catch (error) {
      retry(error);
    }
  };
  void connect(0);
  return { emitter, ready, listening: () => listening };
}
