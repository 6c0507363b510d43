import { AppError } from "@/lib/api/errors";
import { errorResponse } from "@/lib/api/handler";
import { getCurrentUser } from "@/lib/auth/session";
import type { InboxEvent } from "@/lib/realtime/events";
import { inboxListener } from "@/lib/realtime/listener";

export const dynamic = "force-dynamic";

// GET /api/events - Server-Sent Events: live inbox changes from every app instance (via LISTEN/NOTIFY).
// A `reset` event tells the client to refetch (the database connection dropped and events may be missed).
export async function GET(req: Request) {
  const user = await getCurrentUser().catch(() => null);
  if (!user) return errorResponse(new AppError("UNAUTHENTICATED", "Sign in to continue."));
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
      const onEvent = (e: InboxEvent) => send("inbox", e);
      const onReset = () => send("reset", {});
      // Comments keep proxies from closing an idle stream.
      const heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(": ping\n\n"));
        } catch {
          cleanup();
        }
      }, 20_000);
      emitter.on("event", onEvent);
      emitter.on("reset", onReset);
      cleanup = () => {
        clearInterval(heartbeat);
        emitter.off("event", onEvent);
        emitter.off("reset", onReset);
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
      send("ready", { at: new Date().toISOString() });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive" },
  });
}
