import "server-only";
import { createServer, type Server, type ServerResponse } from "node:http";
import { env } from "../env";
import { log } from "./logger";
import { metricsAccess } from "./metrics-access";
import { metrics } from "./metrics";

// The campaign worker is a process of its own: its counters (sends, upstream errors by code) live there, so it
// serves them itself, on WORKER_METRICS_PORT, same token rule as the app's /api/metrics. One tiny node:http
// server; GET /metrics only.

export function startWorkerMetricsServer(port: number): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") return end(res, 404, "Not found\n");
    const access = metricsAccess(req.headers.authorization, env().METRICS_TOKEN);
    if (access === "not-configured") return end(res, 404, "Not found\n");
    if (access === "unauthorized") return end(res, 401, "Unauthorized\n", { "WWW-Authenticate": "Bearer" });
    const registry = metrics().registry;
    registry.metrics().then(
      (body) => end(res, 200, body, { "Content-Type": registry.contentType }),
      (error: unknown) => {
        log("worker").error({ err: error }, "metrics collection failed");
        end(res, 500, "Metrics collection failed\n");
      },
    );
  });
  server.listen(port, () => log("worker").info({ port }, "metrics endpoint listening"));
  server.unref();
  return server;
}

function end(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(body);
}
