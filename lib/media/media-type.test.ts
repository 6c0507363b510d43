import { describe, expect, it } from "vitest";
import { MEDIA_MAX_BYTES, parseAssetAnswer, buildCreateAssetBody } from "../connectly/media";
import { checkUpload, sniffMime } from "./media-type";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));

const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF");
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], "IHDR");
const WEBP = bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 ");
const MP4 = bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0]);
const THREEGP = bytes([0, 0, 0, 0x14], "ftyp3gp4", [0, 0, 0, 0]);
const M4A = bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 0, 0]);
const PDF = bytes("%PDF-1.7\n");
const MP3 = bytes("ID3", [4, 0, 0]);
const MP3_FRAME = bytes([0xff, 0xfb, 0x90, 0x64]);
const AAC = bytes([0xff, 0xf1, 0x50, 0x80]);
const OGG = bytes("OggS", [0, 2]);
const AMR = bytes("#!AMR\n");
const ZIP = bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0]);
const OLE = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const ALL = ["image", "video", "audio", "document"] as const;

describe("sniffMime", () => {
  it.each([
    [JPEG, "", "image/jpeg"],
    [PNG, "", "image/png"],
    [WEBP, "", "image/webp"],
    [MP4, "", "video/mp4"],
    [MP4, "audio/mp4", "audio/mp4"],
    [THREEGP, "", "video/3gpp"],
    [M4A, "", "audio/mp4"],
    [PDF, "", "application/pdf"],
    [MP3, "", "audio/mpeg"],
    [MP3_FRAME, "", "audio/mpeg"],
    [AAC, "", "audio/aac"],
    [OGG, "audio/ogg; codecs=opus", "audio/ogg"],
    [AMR, "", "audio/amr"],
    [ZIP, DOCX, DOCX],
    [ZIP, "", "application/zip"],
    [OLE, "application/msword", "application/msword"],
    [OLE, "", "application/x-ole-storage"],
    [bytes("hello\r\nworld\t!"), "text/plain", "text/plain"],
  ])("%#: %s declared %j is %s", (head, declared, expected) => {
    expect(sniffMime(head, declared)).toBe(expected);
  });

  it("believes text/plain only for bytes without control characters, and never undeclared", () => {
    expect(sniffMime(bytes("abc", [0], "def"), "text/plain")).toBeNull();
    expect(sniffMime(bytes("hello"), "")).toBeNull();
    expect(sniffMime(bytes("<svg xmlns=..."), "image/svg+xml")).toBeNull();
  });
});

describe("checkUpload", () => {
  const check = (
    head: Uint8Array,
    declaredMime: string,
    size: number | null,
    allowedKinds: readonly (typeof ALL)[number][] = ALL,
  ) => checkUpload({ head, declaredMime, size, allowedKinds });

  it("takes a file whose bytes match what it says, with its kind and limit", () => {
    expect(check(PNG, "image/png", 1000)).toEqual({
      ok: true,
      kind: "image",
      mime: "image/png",
      maxBytes: 5 * 1024 * 1024,
    });
    expect(check(JPEG, "image/jpg", 1000)).toMatchObject({ ok: true, mime: "image/jpeg" });
    expect(check(PDF, "application/octet-stream", 1000)).toMatchObject({
      ok: true,
      kind: "document",
      maxBytes: 100 * 1024 * 1024,
    });
    expect(check(MP4, "", null)).toMatchObject({ ok: true, kind: "video", maxBytes: 16 * 1024 * 1024 });
  });

  it("refuses a file that says it is one type but holds another (415), naming both", () => {
    const result = check(PNG, "image/jpeg", 1000);
    expect(result).toMatchObject({ ok: false, status: 415 });
    expect(!result.ok && result.message).toContain("says it is image/jpeg but its contents are image/png");
    expect(check(bytes("MZ\x90\x00"), "application/pdf", 10)).toMatchObject({ ok: false, status: 415 });
  });

  it("refuses types WhatsApp does not take, stickers and SVG included (415)", () => {
    expect(check(WEBP, "image/webp", 1000)).toMatchObject({ ok: false, status: 415 });
    expect(check(ZIP, "application/zip", 1000)).toMatchObject({ ok: false, status: 415 });
    expect(check(bytes("<svg/>"), "image/svg+xml", 6)).toMatchObject({ ok: false, status: 415 });
  });

  it("refuses a kind the place does not take (audio as a template header)", () => {
    const result = check(OGG, "audio/ogg", 100, ["image", "video", "document"]);
    expect(result).toMatchObject({ ok: false, status: 415 });
    expect(!result.ok && result.message).toContain("only images, videos, documents");
  });

  it("refuses a file over its kind's limit (413) with both sizes, and exactly the limit passes", () => {
    const over = check(JPEG, "image/jpeg", MEDIA_MAX_BYTES.image + 1);
    expect(over).toMatchObject({ ok: false, status: 413 });
    expect(!over.ok && over.message).toMatch(/5\.0 MB; WhatsApp takes images up to 5 MB/);
    expect(check(JPEG, "image/jpeg", MEDIA_MAX_BYTES.image)).toMatchObject({ ok: true });
    expect(check(MP4, "video/mp4", MEDIA_MAX_BYTES.video + 1)).toMatchObject({ ok: false, status: 413 });
  });

  it("refuses an empty file (422)", () => {
    expect(check(new Uint8Array(0), "image/png", 0)).toMatchObject({
      ok: false,
      status: 422,
      message: "The file is empty.",
    });
  });
});

describe("assets contract", () => {
  it("registers our file PUBLIC under our own id", () => {
    expect(
      buildCreateAssetBody({ sourceUrl: "https://app.example/api/media/public/x?exp=1&sig=s", id: "x" }),
    ).toEqual({
      uri: "https://app.example/api/media/public/x?exp=1&sig=s",
      id: "x",
      metadata: { accessControlType: "ASSET_ACCESS_CONTROL_TYPE_PUBLIC" },
    });
  });

  it("reads the CDN URI from asset.uri, cdnUri or entity, and refuses an answer without one", () => {
    expect(parseAssetAnswer({ asset: { id: "a", uri: "https://cdn.connectly.ai/assets/a" } })).toEqual({
      id: "a",
      cdnUri: "https://cdn.connectly.ai/assets/a",
    });
    expect(parseAssetAnswer({ cdnUri: "https://cdn.connectly.ai/assets/b" })).toEqual({
      id: null,
      cdnUri: "https://cdn.connectly.ai/assets/b",
    });
    expect(parseAssetAnswer({ entity: { id: "c", cdnUri: "https://cdn/c", uri: "ftp://x" } })).toMatchObject({
      cdnUri: "https://cdn/c",
    });
    expect(parseAssetAnswer({ asset: { uri: "javascript:alert(1)" } })).toBeNull();
    expect(parseAssetAnswer(null)).toBeNull();
  });
});
