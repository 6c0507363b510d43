import { withSession } from "@/lib/api/handler";
import { AppError } from "@/lib/app-error";
import { liveSessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { PRESENCE_BEAT_MS } from "@/lib/presence/schemas";
import { trackPresenceStream } from "@/lib/presence/track-presence-stream";
import type { InboxEvent, PresenceEvent } from "@/lib/realtime/events";
import { inboxListener } from "@/lib/realtime/listener";
import { log } from "@/lib/observability/logger";

export const dynamic = "force-dynamic";

// GET /api/events - Server-Sent Events: live inbox changes from every app instance (via LISTEN/NOTIFY).
// A `reset` event tells the client to refetch (the database connection dropped and events may be missed).
// The session is re-checked every EVENTS_SESSION_RECHECK_MS: a signed-out, idle or deactivated user's stream
// ends with an `unauthenticated` event (the client then stops reconnecting and goes to the login page).
// Each stream is a presence row (lib/presence): written on open, refreshed by the heartbeat, deleted on close; the
// `ready` event names the stream so the tab can report what its user is doing. Events addressed to one user
// (`recipientId`) reach only that user's streams.
export const GET = withSession(async (req, { user, requestSession }) => {
  const session = await requestSession();
  if (!session) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  const { sessionId, signedInAt } = session;
  const { emitter, ready } = inboxListener();
  await Promise.race([ready, new Promise((r) => setTimeout(r, 2000))]);

  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          cleanup();
        }
      };
      const onEvent = (e: InboxEvent) => {
        if ("recipientId" in e && e.recipientId !== user.id) return;
        send("inbox", e);
      };
      const onPresence = (e: PresenceEvent) => send("presence", e);
      const onReset = () => send("reset", {});
      const presence = trackPresenceStream(user);
      const presenceFailed = (err: unknown) =>
        log("events").warn({ err, userId: user.id }, "presence write failed");
      const opened = presence.open().catch(presenceFailed);
      // Comments keep proxies from closing an idle stream; each beat also refreshes this stream's presence.
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": ping\n\n"));
        } catch {
          cleanup();
          return;
        }
        presence.beat().catch(presenceFailed);
      }, PRESENCE_BEAT_MS);
      const close = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      let checking = false;
      const recheck = setInterval(() => {
        if (checking) return;
        checking = true;
        // A database hiccup is not a sign-out: only a definite "no longer live" ends the stream.
        liveSessionUser(sessionId, user.id, signedInAt, { touch: false })
          .then((live) => {
            if (live) return;
            send("unauthenticated", { reason: "Your session has ended. Sign in again." });
            log("events").info({ userId: user.id }, "closed the stream: session no longer live");
            close();
          })
          .catch(() => {})
          .finally(() => {
            checking = false;
          });
      }, env().EVENTS_SESSION_RECHECK_MS);
      emitter.on("event", onEvent);
      emitter.on("presence", onPresence);
      emitter.on("reset", onReset);
      let cleaned = false;
      cleanup = () => {
        clearInterval(recheck);
        clearInterval(heartbeat);
        emitter.off("event", onEvent);
        emitter.off("presence", onPresence);
        emitter.off("reset", onReset);
        if (cleaned) return;
        cleaned = true;
        // After the open's write, so a stream closed at once leaves no row behind.
        void opened.then(() => presence.close()).catch(presenceFailed);
      };
      req.signal.addEventListener("abort", close);
      // At once, not after the presence row's write (a slow database must not hold up the inbox's live state): a
      // tab whose first report arrives before the row retries it (lib/realtime/live-provider.tsx).
      send("ready", { at: new Date().toISOString(), streamId: presence.streamId });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
    },
  });
});
