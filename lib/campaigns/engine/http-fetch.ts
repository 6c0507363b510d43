import "server-only";
import http from "node:http";
import https from "node:https";

// A `fetch` for the campaign worker's upstream calls, on node:http with a bounded keep-alive pool. At a
// thousand sends a second the global fetch (undici) costs noticeably more CPU and memory per request, and it
// opens one socket per concurrent request; here up to MAX_SOCKETS sockets are reused and the rest queue.
// Socket error codes are kept in the message so "connection refused" (never sent) can be told apart.

const MAX_SOCKETS = 64;
// An idle socket is closed after 4 s, before the server's own keep-alive timeout (Node's default is 5 s): a
// request written onto a socket the server is closing at that instant fails with ECONNRESET, and a send that
// fails that way cannot be safely retried, so the race is avoided rather than handled.
const IDLE_SOCKET_MS = 4000;
const options = {
  keepAlive: true,
  maxSockets: MAX_SOCKETS,
  maxFreeSockets: MAX_SOCKETS,
  timeout: IDLE_SOCKET_MS,
};
const agents = { "http:": new http.Agent(options), "https:": new https.Agent(options) };

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return Object.assign(new Error("The operation was aborted"), { name: "AbortError" });
}

export const httpFetch: typeof fetch = (input, init) =>
  new Promise<Response>((resolve, reject) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const protocol = url.protocol === "https:" ? "https:" : "http:";
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return reject(abortError(signal));
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, key) => (headers[key] = value));
    const body = typeof init?.body === "string" ? init.body : undefined;
    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));

    const req = (protocol === "https:" ? https : http).request(
      url,
      { method: init?.method ?? "GET", headers, agent: agents[protocol] },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          signal?.removeEventListener("abort", onAbort);
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            if (typeof value === "string") responseHeaders.set(key, value);
          }
          const status = res.statusCode ?? 502;
          resolve(
            new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), {
              status,
              headers: responseHeaders,
            }),
          );
        });
        res.on("error", fail);
      },
    );
    function fail(error: Error) {
      signal?.removeEventListener("abort", onAbort);
      const code = (error as NodeJS.ErrnoException).code;
      reject(
        code && !error.message.includes(code)
          ? new Error(`${error.message} (${code})`, { cause: error })
          : error,
      );
    }
    function onAbort() {
      req.destroy();
      reject(abortError(signal!));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => (signal?.aborted ? undefined : fail(error)));
    req.end(body);
  });
