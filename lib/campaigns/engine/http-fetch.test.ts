import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ConnectlyError, createConnectlyClient } from "../../connectly/client";
import { httpFetch } from "./http-fetch";

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url?.includes("slow")) return void setTimeout(() => res.end("{}"), 500);
      if (req.url?.includes("limited")) {
        res.writeHead(429, { "content-type": "application/json" });
        return void res.end(JSON.stringify({ code: "ERROR_CODE_UNSPECIFIED", message: "slow down" }));
      }
      res.writeHead(200, { "content-type": "application/json", "x-echo": req.headers["x-api-key"] ?? "" });
      res.end(JSON.stringify({ id: "01TEST", body: JSON.parse(Buffer.concat(chunks).toString() || "null") }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((r) => server.close(r)));

it("posts JSON and returns a Response the client understands", async () => {
  const res = await httpFetch(`${url}/ok`, {
    method: "POST",
    headers: { "X-API-Key": "k", "Content-Type": "application/json" },
    body: '{"a":1}',
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("x-echo")).toBe("k");
  expect(await res.json()).toEqual({ id: "01TEST", body: { a: 1 } });
});

it.each([
  { name: "a 429", path: "/limited", kind: "http", status: 429, message: /slow down/ },
  { name: "a timeout", path: "/slow", kind: "timeout", status: null, message: /did not answer/ },
])("surfaces $name as the client's typed error", async ({ path, kind, status, message }) => {
  const client = createConnectlyClient({
    baseUrl: `${url}${path}`,
    apiKey: "k",
    businessId: "b",
    timeoutMs: 150,
    maxRetries: 0,
    fetch: httpFetch,
  });
  const error = await client.sendTemplateMessage({}).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConnectlyError);
  expect(error).toMatchObject({ kind, status });
  expect((error as Error).message).toMatch(message);
});

it("keeps the socket error code, so a refused connection reads as never sent", async () => {
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const client = createConnectlyClient({
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: "k",
    businessId: "b",
    timeoutMs: 1000,
    maxRetries: 0,
    fetch: httpFetch,
  });
  const error = await client.sendTemplateMessage({}).catch((e: unknown) => e);
  expect(error).toMatchObject({ kind: "network" });
  expect((error as Error).message).toContain("ECONNREFUSED");
});
