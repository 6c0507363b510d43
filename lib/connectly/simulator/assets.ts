import type http from "node:http";
import { ASSET_ACCESS_CONTROL_TYPE, MEDIA_MAX_BYTES } from "../media";
import { SimulatorError } from "./errors";
import { newMessageId } from "./ids";

// Assets (§9.2): `POST assets` fetches the given URL as the real service does, keeps the bytes, and answers a CDN URI
// that the simulator serves itself (GET /sim/cdn/<id>). `POST /sim/cdn` stores bytes directly, so a test can host a
// customer's media for an inbound webhook. Kept in memory, oldest dropped past `maxTotalBytes`.

export interface StoredAsset {
  id: string;
  ownerId: string;
  contentType: string;
  bytes: Buffer;
  sourceUri: string | null;
  accessControlType: string;
  createdAt: string;
}

const ACCESS_TYPES = new Set([
  "ASSET_ACCESS_CONTROL_TYPE_PUBLIC",
  "ASSET_ACCESS_CONTROL_TYPE_PRIVATE",
  "ASSET_ACCESS_CONTROL_TYPE_CDN_PRIVATE",
]);
const CUSTOM_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** The largest file WhatsApp takes (a document); a bigger source is refused. */
export const MAX_ASSET_BYTES = MEDIA_MAX_BYTES.document;

export class AssetStore {
  private readonly assets = new Map<string, StoredAsset>();
  private totalBytes = 0;
  /** Every `POST assets` the simulator answered (accepted or not), newest last; cleared by /sim/reset. */
  readonly requests: { businessId: string; body: unknown; httpStatus: number; receivedAt: string }[] = [];

  constructor(
    private readonly options: {
      now: () => number;
      fetchTimeoutMs: number;
      maxTotalBytes: number;
      cdnBase: () => string;
    },
  ) {}

  get(id: string): StoredAsset | undefined {
    return this.assets.get(id);
  }

  describe(asset: StoredAsset) {
    const uri = `${this.options.cdnBase()}/sim/cdn/${encodeURIComponent(asset.id)}`;
    return {
      id: asset.id,
      ownerId: asset.ownerId,
      uri,
      cdnUri: uri,
      source: { uri: asset.sourceUri },
      metadata: { accessControlType: asset.accessControlType },
    };
  }

  /** `POST /v1/businesses/:id/assets` body `{ uri, id?, metadata?: { accessControlType? } }`. */
  async create(businessId: string, body: Record<string, unknown>) {
    const log = (httpStatus: number) =>
      this.requests.push({
        businessId,
        body,
        httpStatus,
        receivedAt: new Date(this.options.now()).toISOString(),
      });
    try {
      const source = typeof body.uri === "string" ? body.uri : "";
      let url: URL;
      try {
        url = new URL(source);
      } catch {
        throw invalid("uri is required and must be an absolute http(s) URL");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid("uri must be an http(s) URL");
      if (body.id !== undefined && (typeof body.id !== "string" || !CUSTOM_ID.test(body.id))) {
        throw invalid("id must be 1-128 letters, digits, _ or -");
      }
      const metadata =
        body.metadata && typeof body.metadata === "object" ? (body.metadata as Record<string, unknown>) : {};
      const access = metadata.accessControlType ?? ASSET_ACCESS_CONTROL_TYPE;
      if (typeof access !== "string" || !ACCESS_TYPES.has(access))
        throw invalid(`unknown accessControlType ${String(access)}`);
      const { bytes, contentType } = await this.fetchSource(url.toString());
      const id = typeof body.id === "string" ? body.id : newMessageId(this.options.now());
      const asset = this.put({
        id,
        ownerId: businessId,
        contentType,
        bytes,
        sourceUri: url.toString(),
        accessControlType: access,
        createdAt: new Date(this.options.now()).toISOString(),
      });
      log(200);
      return { asset: this.describe(asset) };
    } catch (error) {
      log(error instanceof SimulatorError ? error.httpStatus : 500);
      throw error;
    }
  }

  /** `POST /sim/cdn`: bytes hosted as they came (a customer's media for /sim/inbound). */
  hostDirect(bytes: Buffer, contentType: string) {
    return this.describe(
      this.put({
        id: newMessageId(this.options.now()),
        ownerId: "sim",
        contentType,
        bytes,
        sourceUri: null,
        accessControlType: ASSET_ACCESS_CONTROL_TYPE,
        createdAt: new Date(this.options.now()).toISOString(),
      }),
    );
  }

  reset() {
    this.assets.clear();
    this.totalBytes = 0;
    this.requests.length = 0;
  }

  private put(asset: StoredAsset): StoredAsset {
    const previous = this.assets.get(asset.id);
    if (previous) {
      this.totalBytes -= previous.bytes.length;
      this.assets.delete(asset.id);
    }
    this.assets.set(asset.id, asset);
    this.totalBytes += asset.bytes.length;
    for (const [id, old] of this.assets) {
      if (this.totalBytes <= this.options.maxTotalBytes || id === asset.id) break;
      this.assets.delete(id);
      this.totalBytes -= old.bytes.length;
    }
    return asset;
  }

  private async fetchSource(url: string): Promise<{ bytes: Buffer; contentType: string }> {
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
        redirect: "follow",
      });
    } catch (error) {
      throw invalid(`could not fetch uri: ${(error as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw invalid(`could not fetch uri: HTTP ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    for (;;) {
      const part = reader
        ? await reader
            .read()
            .catch((error: Error) => Promise.reject(invalid(`could not fetch uri: ${error.message}`)))
        : { done: true as const, value: undefined };
      if (part.done) break;
      size += part.value.byteLength;
      if (size > MAX_ASSET_BYTES) {
        await reader?.cancel().catch(() => {});
        throw invalid(`the file at uri is larger than ${MAX_ASSET_BYTES} bytes`);
      }
      chunks.push(part.value);
    }
    if (size === 0) throw invalid("the file at uri is empty");
    return {
      bytes: Buffer.concat(chunks),
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
    };
  }
}

function invalid(message: string) {
  return new SimulatorError(400, "ERROR_CODE_UNSPECIFIED", message, "ERROR_TYPE_INVALID_REQUEST");
}

/** GET /sim/cdn/:id: the bytes with the type they were fetched with. */
export function serveAsset(res: http.ServerResponse, asset: StoredAsset | undefined) {
  if (!asset) {
    res.writeHead(404, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify({ ok: false, error: "unknown asset" }));
    return;
  }
  res.writeHead(200, {
    "content-type": asset.contentType,
    "content-length": asset.bytes.length,
    "cache-control": "public, max-age=31536000",
  });
  res.end(asset.bytes);
}

/** A raw request body up to `limit` bytes (POST /sim/cdn). */
export function readRawBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () =>
      size > limit
        ? reject(new SimulatorError(413, "ERROR_CODE_UNSPECIFIED", "body too large"))
        : resolve(Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}
