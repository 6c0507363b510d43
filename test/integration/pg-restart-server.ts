import { createServer } from "node:http";
import Module from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";

// The real webhook route handler behind a plain HTTP server, in a process of its own (pg-restart.test.ts starts it
// with DATABASE_URL pointing at a PostgreSQL it stops and starts). Prints its port on the first stdout line.

// "server-only" throws outside Next's server bundle; point it at the same stub the test runner uses.
const moduleWithResolve = Module as unknown as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const resolve = moduleWithResolve._resolveFilename.bind(Module);
moduleWithResolve._resolveFilename = (request, ...rest) =>
  request === "server-only" ? path.resolve(__dirname, "../server-only-stub.ts") : resolve(request, ...rest);

void main();

async function main() {
  const { POST } = await import("../../app/api/webhooks/connectly/route");
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
        method: "POST",
        headers: req.headers as Record<string, string>,
        body: Buffer.concat(chunks),
      });
      POST(request)
        .then(async (response) => {
          res.writeHead(response.status, Object.fromEntries(response.headers));
          res.end(await response.text());
        })
        .catch((error: unknown) => {
          // Only reached if the route itself throws past its error mapping: the test counts it as a crash.
          console.error("route threw:", error);
          res.writeHead(599);
          res.end();
        });
    });
  });

  server.listen(0, "127.0.0.1", () => console.log(String((server.address() as AddressInfo).port)));
}
