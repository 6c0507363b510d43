import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvOptions } from "../campaigns/csv";
import { readReportCsv, ReportCsvReader, type ReportCsvRecord } from "./read-report-csv";

const limits = { maxRecordChars: 64 * 1024, maxColumns: 1000 };

/** The text pushed in pieces of `size` characters (every split point is a chunk boundary somewhere). */
function readInPieces(text: string, size: number, options = limits): ReportCsvRecord[] {
  const reader = new ReportCsvReader(options);
  const out: ReportCsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size), false));
  out.push(...reader.push("", true));
  return out;
}

const cellsOf = (records: ReportCsvRecord[]) => records.map((r) => ("cells" in r ? r.cells : r.error));

describe("readReportCsv", () => {
  const samples = [
    "a,b,c\n1,2,3\n",
    "\uFEFFcustomer_external_id,campaign_name\r\n+14155550100,spring\r\n\r\n+14155550101,spring",
    'a,b\n"x, ""quoted""",y\n"multi\nline",z\n',
    'a,b\n"[{""id"":""b"",""ts"":""2024-05-10 20:13:50.682000""}]",[]\n',
    "a,b,c\n1\n1,2,3,4\n,,\n",
    'a,b\nsay "hi",2\n"closed"tail,3\n',
    "a\n\n\n\nb\n",
    "only,header",
    "",
  ];
  it.each(samples)("reads as csv-parse does with the upload options, at any chunk boundary: %j", (text) => {
    const expected = parse(text, csvOptions(",")) as string[][];
    for (const size of [1, 2, 3, 7, 64, 100_000]) {
      const records = readInPieces(text, size);
      expect(cellsOf(records)).toEqual(expected);
      expect(records.map((r) => r.line)).toEqual(expected.map((_, i) => i + 1));
    }
  });

  it("keeps an unterminated quote at the end of the file as the last cell (csv-parse fails the file)", () => {
    expect(cellsOf(readInPieces('a,b\n"open,4\nx', 3))).toEqual([["a", "b"], ["open,4\nx"]]);
  });

  it("rejects a record with a NUL byte, too many columns or too many characters, and reads on", () => {
    const long = `"${"x".repeat(5000)}\n${"y".repeat(5000)}",1`;
    const text = `a,b\nok,1\nbad\0,2\n${"c,".repeat(20)}c\n${long}\nafter,3\n`;
    for (const size of [1, 13, 4096, 100_000]) {
      const records = readInPieces(text, size, { maxRecordChars: 4096, maxColumns: 10 });
      expect(records).toEqual([
        { line: 1, cells: ["a", "b"] },
        { line: 2, cells: ["ok", "1"] },
        { line: 3, error: "the row contains a NUL byte", excerpt: "bad\uFFFD,2" },
        { line: 4, error: "the row has more than 10 columns", excerpt: `${"c,".repeat(20)}c` },
        { line: 5, error: "the row is longer than 4 KB", excerpt: expect.stringMatching(/^"x+$/) as string },
        { line: 6, cells: ["after", "3"] },
      ]);
    }
  });

  it("streams a body in batches and refuses one over the byte limit", async () => {
    const body = (parts: string[]) =>
      (async function* () {
        for (const p of parts) yield new TextEncoder().encode(p);
      })();
    const batches: ReportCsvRecord[][] = [];
    for await (const batch of readReportCsv(body(["a,b\n1,", "2\n3,4"]), { ...limits, maxBytes: 100 }))
      batches.push(batch);
    expect(cellsOf(batches.flat())).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
    // A multi-byte character split across chunks is decoded whole.
    const euro = new TextEncoder().encode("a\n€\n");
    const split = (async function* () {
      yield euro.slice(0, 3);
      yield euro.slice(3);
    })();
    const read: ReportCsvRecord[] = [];
    for await (const batch of readReportCsv(split, { ...limits, maxBytes: 100 })) read.push(...batch);
    expect(cellsOf(read)).toEqual([["a"], ["€"]]);
    await expect(async () => {
      for await (const _ of readReportCsv(body(["a,b\n", "x".repeat(200)]), { ...limits, maxBytes: 100 })) {
        // drained
      }
    }).rejects.toThrow(/larger than/);
  });
});
