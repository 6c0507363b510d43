import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";

const KEY = "sim_test_key";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** A source host: /ok answers the bytes, /missing a 404, /huge more than 100 MB (streamed), /slow never answers. */
async function source(bytes: Buffer): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.url === "/ok") {
      res.writeHead(200, { "content-type": "image/png", "content-length": bytes.length });
      res.end(bytes);
    } else if (req.url === "/huge") {
      res.writeHead(200, { "content-type": "application/pdf" });
      const block = Buffer.alloc(1024 * 1024, 1);
      let sent = 0;
      const push = () => {
        while (sent < 101 && res.write(block)) sent++;
        if (sent >= 101) res.end();
        else res.once("drain", push);
      };
      push();
    } else if (req.url === "/slow") {
      // never answers
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function sim(): Promise<RunningSimulator> {
  const s = await startSimulator({ port: 0, assetFetchTimeoutMs: 2000 });
  cleanups.push(() => s.close());
  return s;
}

const post = (s: RunningSimulator, body: unknown, key = KEY) =>
  fetch(`${s.url}/v1/businesses/biz-1/assets`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("simulator assets (§9.2)", () => {
  it("fetches the source, answers a CDN URI it serves with the same bytes, and GET assets/:id finds it", async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]);
    const [host, s] = await Promise.all([source(bytes), sim()]);
    const response = await post(s, { uri: `${host}/ok`, id: "my-file_1" });
    expect(response.status).toBe(200);
    const { asset } = (await response.json()) as { asset: Record<string, unknown> };
    expect(asset).toMatchObject({
      id: "my-file_1",
      ownerId: "biz-1",
      uri: `${s.url}/sim/cdn/my-file_1`,
      source: { uri: `${host}/ok` },
      metadata: { accessControlType: "ASSET_ACCESS_CONTROL_TYPE_PUBLIC" },
    });
    const cdn = await fetch(asset.uri as string);
    expect(cdn.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await cdn.arrayBuffer())).toEqual(bytes);
    const got = await fetch(`${s.url}/v1/businesses/biz-1/assets/my-file_1`, {
      headers: { "x-api-key": KEY },
    });
    expect(await got.json()).toMatchObject({ asset: { cdnUri: asset.uri } });
    expect(
      (await fetch(`${s.url}/v1/businesses/biz-1/assets/nope`, { headers: { "x-api-key": KEY } })).status,
    ).toBe(404);
  });

  it("refuses with 400 what it cannot fetch (404, timeout, over 100 MB), a bad uri or id, and 401 without the key", async () => {
    const [host, s] = await Promise.all([source(Buffer.from("x")), sim()]);
    for (const body of [
      { uri: `${host}/missing` },
      { uri: `${host}/slow` },
      { uri: `${host}/huge` },
      { uri: "ftp://x/y" },
      {},
      { uri: `${host}/ok`, id: "../x" },
    ]) {
      const response = await post(s, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await response.json()).toMatchObject({ type: "ERROR_TYPE_INVALID_REQUEST" });
    }
    expect((await post(s, { uri: `${host}/ok` }, "wrong")).status).toBe(401);
    const log = (await (await fetch(`${s.url}/sim/assets`)).json()) as { requests: { httpStatus: number }[] };
    expect(log.requests.map((r) => r.httpStatus)).toEqual([400, 400, 400, 400, 400, 400]);
  });

  it("POST /sim/cdn hosts bytes directly (a customer's media for /sim/inbound)", async () => {
    const s = await sim();
    const response = await fetch(`${s.url}/sim/cdn`, {
      method: "POST",
      headers: { "content-type": "audio/ogg" },
      body: new Uint8Array([1, 2, 3]),
    });
    const hosted = (await response.json()) as { uri: string };
    const served = await fetch(hosted.uri);
    expect(served.headers.get("content-type")).toBe("audio/ogg");
    expect([...new Uint8Array(await served.arrayBuffer())]).toEqual([1, 2, 3]);
    await fetch(`${s.url}/sim/reset`, { method: "POST" });
    expect((await fetch(hosted.uri)).status).toBe(404);
  });
});
