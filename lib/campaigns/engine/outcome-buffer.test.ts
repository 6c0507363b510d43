import { describe, expect, it } from "vitest";
import { OutcomeBuffer, type OutcomeWriter } from "./outcome-buffer";

function recorder(failures = 0) {
  const writes: { kind: string; ids: string[] }[] = [];
  let left = failures;
  const write =
    (kind: string) =>
    async (rows: ({ id: string } | string)[]): Promise<void> => {
      await new Promise((r) => setTimeout(r, 5));
      if (kind === "accepted" && left > 0) {
        left--;
        throw new Error("database restarting");
      }
      writes.push({ kind, ids: rows.map((r) => (typeof r === "string" ? r : r.id)) });
    };
  const writer: OutcomeWriter = {
    accepted: write("accepted"),
    failed: write("failed"),
    unknown: write("unknown"),
    released: write("released"),
  };
  return { writer, writes };
}

const at = new Date(0);

describe("OutcomeBuffer", () => {
  it("writes every kind in one batch per flush, in a fixed order, and counts sends", async () => {
    const { writer, writes } = recorder();
    const buffer = new OutcomeBuffer(writer);
    buffer.release("x");
    buffer.unknown({ id: "u", code: "C", title: "t", detail: null });
    buffer.failed({ id: "f", code: "C", title: "t", detail: null, at });
    buffer.accepted({ id: "a1", upstreamId: "m1", at });
    buffer.accepted({ id: "a2", upstreamId: "m2", at });
    await buffer.flush();
    expect(writes).toEqual([
      { kind: "accepted", ids: ["a1", "a2"] },
      { kind: "failed", ids: ["f"] },
      { kind: "unknown", ids: ["u"] },
      { kind: "released", ids: ["x"] },
    ]);
    expect(buffer.counts).toEqual({ sent: 2, failed: 1, unknown: 1 });
    writes.length = 0;
    await buffer.flush();
    expect(writes.every((w) => w.ids.length === 0)).toBe(true);
  });

  it("keeps a refused batch for the next flush, after what arrived meanwhile", async () => {
    const { writer, writes } = recorder(1);
    const lines: string[] = [];
    const buffer = new OutcomeBuffer(writer, (line) => lines.push(line));
    buffer.accepted({ id: "a1", upstreamId: "m1", at });
    buffer.release("x");
    const first = buffer.flush();
    await new Promise((r) => setTimeout(r, 1)); // the batch is being written
    buffer.accepted({ id: "a2", upstreamId: "m2", at });
    await first;
    expect(writes).toEqual([]);
    expect(lines).toEqual(["flush failed, will retry: Error: database restarting"]);
    await buffer.flush();
    expect(writes).toContainEqual({ kind: "accepted", ids: ["a2", "a1"] });
    expect(writes).toContainEqual({ kind: "released", ids: ["x"] });
  });

  it("runs flushes one after another, each taking what is pending when it runs", async () => {
    const { writer, writes } = recorder();
    const buffer = new OutcomeBuffer(writer);
    buffer.accepted({ id: "a1", upstreamId: null, at });
    const first = buffer.flush();
    buffer.accepted({ id: "a2", upstreamId: null, at });
    const second = buffer.flush();
    await Promise.all([first, second]);
    expect(writes.filter((w) => w.kind === "accepted")).toEqual([
      { kind: "accepted", ids: ["a1", "a2"] },
      { kind: "accepted", ids: [] },
    ]);
  });

  it("an interrupted send is UNKNOWN if it was attempted, else handed back (not counted)", async () => {
    const { writer, writes } = recorder();
    const buffer = new OutcomeBuffer(writer);
    buffer.interrupted({ attempted: true, recipient: { id: "sent-maybe" } });
    buffer.interrupted({ attempted: false, recipient: { id: "never" } });
    await buffer.flush();
    expect(writes).toContainEqual({ kind: "unknown", ids: ["sent-maybe"] });
    expect(writes).toContainEqual({ kind: "released", ids: ["never"] });
    expect(buffer.counts).toEqual({ sent: 0, failed: 0, unknown: 0 });
  });
});
