import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, log, replaceLogger } from "./logger";
import { requestIdFrom } from "./request-id";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger(stream, "info") };
}

describe("logger", () => {
  it("writes one JSON object per line with level, time, component, request id and message", () => {
    const { lines, logger } = capture();
    const restore = replaceLogger(logger);
    try {
      log("webhooks").info({ requestId: "req-abc-12345", topic: "messages" }, "webhook received");
    } finally {
      restore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "info",
      component: "webhooks",
      requestId: "req-abc-12345",
      topic: "messages",
      msg: "webhook received",
      pid: process.pid,
    });
    expect(new Date(lines[0]!.time as string).toString()).not.toBe("Invalid Date");
  });

  it("drops lines below its level and redacts credentials", () => {
    const { lines, logger } = capture();
    logger.debug("not written");
    logger.info({ apiKey: "sk_live_secret", headers: { authorization: "Bearer hunter2" } }, "with secrets");
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toMatch(/sk_live_secret|hunter2/);
  });
});

describe("requestIdFrom", () => {
  it.each([
    ["a proxy's id", "7f0c2a4e-93b1-4d7e-8f2a-1c9b5e6d7a80", true],
    ["a short token-like id", "req_01HXYZ.42", true],
  ])("keeps %s", (_name, header, kept) => {
    expect(requestIdFrom(header) === header).toBe(kept);
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["too short", "abc"],
    ["with spaces or a newline (log injection)", 'abc def\n{"level":"fatal"}'],
    ["too long", "x".repeat(129)],
  ])("replaces %s with a fresh UUID", (_name, header) => {
    const id = requestIdFrom(header);
    expect(id).not.toBe(header);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("takes the first of repeated headers", () => {
    expect(requestIdFrom(["first-id-0001", "second-id-0002"])).toBe("first-id-0001");
  });
});
