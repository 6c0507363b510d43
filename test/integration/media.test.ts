import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createUser, ctx, request, sessionCookie } from "./security-helpers";
import { startHarness, truncateAll, uniquePhone, type Harness } from "./helpers";

// Media over real HTTP: an upload is stored by the app, served at a signed link under APP_URL (a small HTTP server
// here, in front of the real public route handler), fetched by the simulator's `POST assets`, and the CDN URI it
// answers is what the send carries. Inbound media is fetched by the app from the simulator's CDN.

const previousAppUrl = process.env.APP_URL;
let app: Server;
let harness: Harness;
let agentCookie: string;
let managerCookie: string;

const MB = 1024 * 1024;
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("IHDR-test-image-bytes"),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 7)]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n");

beforeAll(async () => {
  app = createServer((req, res) => {
    void (async () => {
      const { GET } = await import("../../app/api/media/public/[id]/route");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const match = /^\/api\/media\/public\/([^/]+)$/.exec(url.pathname);
      if (!match || req.method !== "GET") {
        res.writeHead(404);
        res.end();
        return;
      }
      const response = await GET(
        new Request(`http://127.0.0.1${url.pathname}${url.search}`),
        ctx({ id: decodeURIComponent(match[1]!) }),
      );
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  // Read by lib/env.ts on first use, which comes after this line in this file.
  process.env.APP_URL = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  harness = await startHarness();
});

afterAll(async () => {
  await harness.close();
  await new Promise((r) => app.close(r));
  if (previousAppUrl === undefined) delete process.env.APP_URL;
  else process.env.APP_URL = previousAppUrl;
});

beforeEach(async () => {
  await truncateAll();
  const { db } = await import("../../lib/db");
  await db.mediaObject.deleteMany();
  await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
  agentCookie = await sessionCookie(await createUser("AGENT"));
  managerCookie = await sessionCookie(await createUser("CAMPAIGN_MANAGER"));
});

type Uploaded = {
  id: string;
  kind: string;
  mimeType: string;
  size: number;
  cdnUri: string;
  previewUrl: string;
  filename: string | null;
};

async function upload(
  body: Buffer | ReadableStream<Uint8Array>,
  type: string,
  options: {
    route?: "messages" | "template-headers";
    cookie?: string;
    filename?: string;
    length?: number;
  } = {},
) {
  const route = options.route ?? "messages";
  const { POST } =
    route === "messages"
      ? await import("../../app/api/media/messages/route")
      : await import("../../app/api/media/template-headers/route");
  const headers: Record<string, string> = {
    cookie: options.cookie ?? agentCookie,
    "content-type": type,
    "x-file-name": encodeURIComponent(options.filename ?? "photo.png"),
  };
  if (options.length !== undefined) headers["content-length"] = String(options.length);
  const req = new Request(`http://localhost/api/media/${route}`, {
    method: "POST",
    headers,
    body: body instanceof Buffer ? new Uint8Array(body) : body,
    ...(body instanceof Buffer ? {} : { duplex: "half" }),
  } as RequestInit);
  const response = (await POST(req, ctx())) as Response;
  const json = (await response.json()) as { media?: Uploaded; error?: { code: string; message: string } };
  return { status: response.status, media: json.media, error: json.error };
}

/** A stream of `total` bytes starting with `head`, in 64 KiB pieces, with no Content-Length. */
function streamOf(head: Buffer, total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const piece = sent === 0 ? head : Buffer.alloc(Math.min(64 * 1024, total - sent), 1);
      sent += piece.length;
      controller.enqueue(new Uint8Array(piece));
    },
  });
}

async function bytesOf(url: string) {
  const response = await fetch(url);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

async function customerWrites(from: string, extra: Record<string, unknown> = { text: "hello" }) {
  const response = await fetch(`${harness.simulator.url}/sim/inbound`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ from, name: "Media Customer", ...extra }),
  });
  expect(response.ok).toBe(true);
  const { db } = await import("../../lib/db");
  return db.conversation.findFirstOrThrow({ where: { contact: { phone: from } } });
}

async function mediaRows() {
  const { db } = await import("../../lib/db");
  return db.mediaObject.findMany({ select: { id: true, state: true, purpose: true, sourceUrl: true } });
}

describe("uploading and sending media", () => {
  it("stores the file, registers it with POST assets via a signed APP_URL link, and the send carries the CDN URI serving the same bytes", async () => {
    const uploaded = await upload(PNG, "image/png");
    expect(uploaded.status).toBe(201);
    const media = uploaded.media!;
    expect(media).toMatchObject({
      kind: "image",
      mimeType: "image/png",
      size: PNG.length,
      filename: "photo.png",
    });
    expect(media.cdnUri.startsWith(`${harness.simulator.url}/sim/cdn/`)).toBe(true);

    // What the simulator was asked: our signed link under APP_URL, our id, PUBLIC.
    const assets = (await (await fetch(`${harness.simulator.url}/sim/assets`)).json()) as {
      requests: { body: { uri: string; id: string; metadata: unknown }; httpStatus: number }[];
    };
    expect(assets.requests).toHaveLength(1);
    const asked = assets.requests[0]!;
    expect(asked.httpStatus).toBe(200);
    expect(asked.body.id).toBe(media.id);
    expect(asked.body.uri).toMatch(
      new RegExp(`^${process.env.APP_URL}/api/media/public/${media.id}\\?exp=\\d+&sig=[\\w-]{43}$`),
    );
    expect(asked.body.metadata).toEqual({ accessControlType: "ASSET_ACCESS_CONTROL_TYPE_PUBLIC" });

    const conversation = await customerWrites(uniquePhone());
    const { POST: send } = await import("../../app/api/messages/session/route");
    const sent = await send(
      request("/api/messages/session", {
        cookie: agentCookie,
        body: {
          conversationId: conversation.id,
          idempotencyKey: crypto.randomUUID(),
          message: { attachments: [{ type: "image", url: media.cdnUri, caption: "Your receipt" }] },
        },
      }),
      ctx(),
    );
    expect(sent.status).toBe(201);
    const messageId = ((await sent.json()) as { message: { id: string } }).message.id;

    const log = (await (await fetch(`${harness.simulator.url}/sim/sent`)).json()) as {
      requests: { body: { message: { attachments: { url: string; caption: string }[] } } }[];
    };
    expect(log.requests).toHaveLength(1);
    const attachment = log.requests[0]!.body.message.attachments[0]!;
    expect(attachment).toEqual({ type: "image", url: media.cdnUri, caption: "Your receipt" });
    const cdn = await bytesOf(attachment.url);
    expect(cdn.bytes.equals(PNG)).toBe(true);
    expect(cdn.type).toBe("image/png");

    // The dashboard shows the sent image from its stored copy (found by the CDN URI), never from the CDN.
    await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" });
    const { GET: messageMediaGET } = await import("../../app/api/messages/[id]/media/route");
    const shown = await messageMediaGET(
      request(`/api/messages/${messageId}/media`, { cookie: agentCookie }),
      ctx({ id: messageId }),
    );
    expect(shown.status).toBe(200);
    expect(shown.headers.get("content-type")).toBe("image/png");
    expect(shown.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await shown.arrayBuffer()).equals(PNG)).toBe(true);

    const { GET: previewGET } = await import("../../app/api/media/[id]/route");
    const preview = await previewGET(
      request(media.previewUrl, { cookie: agentCookie }),
      ctx({ id: media.id }),
    );
    expect(Buffer.from(await preview.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("serves the signed link until it expires, and refuses a forged or expired one (403)", async () => {
    const media = (await upload(PDF, "application/pdf", { filename: "invoice 04/25.pdf" })).media!;
    expect(media).toMatchObject({ kind: "document", filename: "25.pdf" });
    const { signedMediaUrl } = await import("../../lib/media/signed-media-url");
    const good = signedMediaUrl(media.id);
    const served = await fetch(good.url);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(Buffer.from(await served.arrayBuffer()).equals(PDF)).toBe(true);

    const forged = good.url.replace(/sig=[\w-]{4}/, "sig=AAAA");
    expect(forged).not.toBe(good.url);
    const later = good.url.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) + 3600}`);
    const expired = signedMediaUrl(media.id, Date.now() - 2 * 3600 * 1000).url;
    // Another id: the last character changed (to something it is not, or the "other" file would be this one).
    const otherFile = good.url.replace(
      `/public/${media.id}`,
      `/public/${media.id.slice(0, -1)}${media.id.endsWith("A") ? "B" : "A"}`,
    );
    expect(otherFile).not.toBe(good.url);
    for (const [url, message] of [
      [forged, "not valid"],
      [later, "not valid"],
      [otherFile, "not valid"],
      [good.url.replace(/&sig=.*$/, ""), "not valid"],
      [expired, "expired"],
    ] as const) {
      const response = await fetch(url);
      expect(response.status, url).toBe(403);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(message);
    }
  });

  it("refuses oversized, mismatched, empty and unsupported files with a clear 4xx, keeping nothing", async () => {
    // Declared too large: refused before reading.
    const declared = await upload(streamOf(JPEG, 10), "image/jpeg", { length: 5 * MB + 1 });
    expect(declared.status).toBe(413);
    expect(declared.error?.message).toMatch(/WhatsApp takes images up to 5 MB/);
    // No Content-Length, found too large while streaming.
    const streamed = await upload(streamOf(JPEG, 5 * MB + 10), "image/jpeg");
    expect(streamed.status).toBe(413);
    expect(streamed.error?.message).toMatch(/larger than WhatsApp's 5 MB limit for images/);
    const mismatched = await upload(PNG, "image/jpeg");
    expect(mismatched.status).toBe(415);
    expect(mismatched.error?.message).toMatch(/says it is image\/jpeg but its contents are image\/png/);
    const exe = await upload(Buffer.from("MZ\x90\x00\x03\x00\x00\x00"), "application/pdf", {
      filename: "invoice.pdf",
    });
    expect(exe.status).toBe(415);
    const empty = await upload(Buffer.alloc(0), "image/png");
    expect(empty.status).toBe(422);
    expect(empty.error?.message).toBe("The file is empty.");
    const audioHeader = await upload(Buffer.from("OggS\x00\x02rest"), "audio/ogg", {
      route: "template-headers",
      cookie: managerCookie,
    });
    expect(audioHeader.status).toBe(415);
    expect(audioHeader.error?.message).toMatch(/only images, videos, documents/);
    expect(await mediaRows()).toEqual([]);
    const assets = (await (await fetch(`${harness.simulator.url}/sim/assets`)).json()) as {
      requests: unknown[];
    };
    expect(assets.requests).toHaveLength(0);
  });

  it("stores a 17 MB document in 1 MiB chunks and streams it back byte for byte", async () => {
    const size = 17 * MB + 123;
    const head = Buffer.from("%PDF-1.4\n");
    const result = await upload(streamOf(head, size), "application/pdf", {
      route: "template-headers",
      cookie: managerCookie,
      filename: "brochure.pdf",
    });
    expect(result.status).toBe(201);
    expect(result.media).toMatchObject({ kind: "document", size });
    const { db } = await import("../../lib/db");
    expect(await db.mediaChunk.count({ where: { mediaId: result.media!.id } })).toBe(18);
    const cdn = await bytesOf(result.media!.cdnUri);
    expect(cdn.bytes.length).toBe(size);
    expect(cdn.bytes.subarray(0, head.length).equals(head)).toBe(true);
    expect(cdn.bytes.subarray(size - 5).equals(Buffer.alloc(5, 1))).toBe(true);
  });
});

describe("inbound media", () => {
  it("is fetched once by the app, kept, and served from the copy (the customer's host is never needed again)", async () => {
    const hosted = (await (
      await fetch(`${harness.simulator.url}/sim/cdn`, {
        method: "POST",
        headers: { "content-type": "image/jpeg" },
        body: new Uint8Array(JPEG),
      })
    ).json()) as { uri: string };
    const phone = uniquePhone();
    const conversation = await customerWrites(phone, {
      attachment: { type: "image", url: hosted.uri, caption: "the damage" },
    });
    const { db } = await import("../../lib/db");
    const message = await db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, direction: "INBOUND" },
    });
    const { GET } = await import("../../app/api/messages/[id]/media/route");
    const first = await GET(
      request(`/api/messages/${message.id}/media`, { cookie: agentCookie }),
      ctx({ id: message.id }),
    );
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/jpeg");
    expect(first.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(Buffer.from(await first.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(await mediaRows()).toEqual([
      expect.objectContaining({ state: "READY", purpose: "INBOUND", sourceUrl: hosted.uri }),
    ]);

    await fetch(`${harness.simulator.url}/sim/reset`, { method: "POST" }); // the customer's host forgets the file
    const again = await GET(
      request(`/api/messages/${message.id}/media`, { cookie: agentCookie }),
      ctx({ id: message.id }),
    );
    expect(Buffer.from(await again.arrayBuffer()).equals(JPEG)).toBe(true);
    const anonymous = await GET(request(`/api/messages/${message.id}/media`), ctx({ id: message.id }));
    expect(anonymous.status).toBe(401);
  });

  it("answers a clear error when the file is gone (502), too large for its kind (413) or the message has none (404)", async () => {
    const phone = uniquePhone();
    await customerWrites(phone, {
      attachment: { type: "image", url: `${harness.simulator.url}/sim/cdn/NOSUCHFILE` },
    });
    const bigSticker = (await (
      await fetch(`${harness.simulator.url}/sim/cdn`, {
        method: "POST",
        headers: { "content-type": "image/webp" },
        body: new Uint8Array(
          Buffer.concat([Buffer.from("RIFF\x00\x00\x00\x00WEBPVP8 "), Buffer.alloc(600 * 1024, 2)]),
        ),
      })
    ).json()) as { uri: string };
    await customerWrites(phone, { sticker: { url: bigSticker.uri } });
    await customerWrites(phone, { text: "just text" });
    const { db } = await import("../../lib/db");
    const [gone, sticker, text] = await db.message.findMany({
      where: { direction: "INBOUND" },
      orderBy: { createdAt: "asc" },
    });
    const { GET } = await import("../../app/api/messages/[id]/media/route");
    const call = async (id: string) => {
      const response = await GET(request(`/api/messages/${id}/media`, { cookie: agentCookie }), ctx({ id }));
      return {
        status: response.status,
        message: ((await response.json()) as { error: { message: string } }).error.message,
      };
    };
    expect(await call(gone!.id)).toEqual({
      status: 502,
      message: expect.stringMatching(/could not be downloaded \(HTTP 404\)/),
    });
    expect(await call(sticker!.id)).toEqual({
      status: 413,
      message: expect.stringMatching(/stickers up to 500 KB/),
    });
    expect(await call(text!.id)).toEqual({ status: 404, message: "This message has no media." });
    expect(await mediaRows()).toEqual([]);
  });
  it("serves an ad's thumbnail (?part=referral) through the app too", async () => {
    const hosted = (await (
      await fetch(`${harness.simulator.url}/sim/cdn`, {
        method: "POST",
        headers: { "content-type": "image/png" },
        body: new Uint8Array(PNG),
      })
    ).json()) as { uri: string };
    const phone = uniquePhone();
    const conversation = await customerWrites(phone, {
      text: "I saw your ad",
      referral: {
        sourceType: "ad",
        headline: "Sale",
        thumbnailUrl: hosted.uri,
        sourceUrl: "https://fb.example/ad/1",
      },
    });
    const { db } = await import("../../lib/db");
    const message = await db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, direction: "INBOUND" },
    });
    const { GET } = await import("../../app/api/messages/[id]/media/route");
    const thumb = await GET(
      request(`/api/messages/${message.id}/media?part=referral`, { cookie: agentCookie }),
      ctx({ id: message.id }),
    );
    expect(thumb.status).toBe(200);
    expect(Buffer.from(await thumb.arrayBuffer()).equals(PNG)).toBe(true);
    const noMedia = await GET(
      request(`/api/messages/${message.id}/media`, { cookie: agentCookie }),
      ctx({ id: message.id }),
    );
    expect(noMedia.status).toBe(404);
    const badPart = await GET(
      request(`/api/messages/${message.id}/media?part=../../x`, { cookie: agentCookie }),
      ctx({ id: message.id }),
    );
    expect(badPart.status).toBe(422);
  });
});

describe("template header previews", () => {
  it("show an uploaded header from the app's copy by its CDN URI, and never fetch any other URL (404)", async () => {
    const media = (
      await upload(JPEG, "image/jpeg", {
        route: "template-headers",
        cookie: managerCookie,
        filename: "header.jpg",
      })
    ).media!;
    const { GET } = await import("../../app/api/media/by-url/route");
    const preview = await GET(
      request(`/api/media/by-url?url=${encodeURIComponent(media.cdnUri)}`, { cookie: managerCookie }),
      ctx(),
    );
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await preview.arrayBuffer()).equals(JPEG)).toBe(true);
    const hosted = (await (
      await fetch(`${harness.simulator.url}/sim/cdn`, {
        method: "POST",
        headers: { "content-type": "image/png" },
        body: new Uint8Array(PNG),
      })
    ).json()) as { uri: string };
    const elsewhere = await GET(
      request(`/api/media/by-url?url=${encodeURIComponent(hosted.uri)}`, { cookie: managerCookie }),
      ctx(),
    );
    expect(elsewhere.status).toBe(404);
    expect(await mediaRows()).toHaveLength(1); // nothing was fetched and kept for the other URL
  });
});
