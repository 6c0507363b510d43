import "server-only";
import { EventEmitter } from "node:events";
import pg from "pg";
import { env } from "../env";
import { INBOX_CHANNEL, type InboxEvent } from "./events";

// One LISTEN connection per app process, shared by every open SSE stream. It reconnects by itself after the
// database restarts; streams are told to refetch when that happens, since notifications may have been missed.

type Listener = { emitter: EventEmitter; ready: Promise<void> };
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

  const connect = async (attempt: number): Promise<void> => {
    const client = new pg.Client({ connectionString: env().DATABASE_URL });
    client.on("notification", (msg) => {
      if (msg.channel !== INBOX_CHANNEL || !msg.payload) return;
      try {
        emitter.emit("event", JSON.parse(msg.payload) as InboxEvent);
      } catch {
        // A malformed payload is not worth killing the stream for.
      }
    });
    const retry = () => {
      client.removeAllListeners();
      client.end().catch(() => {});
      emitter.emit("reset");
      setTimeout(() => void connect(attempt + 1), Math.min(5000, 250 * 2 ** Math.min(attempt, 5)));
    };
    client.on("error", retry);
    try {
      await client.connect();
      await client.query(`LISTEN ${INBOX_CHANNEL}`);
      resolveReady();
      if (attempt > 0) emitter.emit("reset");
      attempt = 0;
    } catch {
      retry();
    }
  };
  void connect(0);
  return { emitter, ready };
}
