import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse as parseSync } from "csv-parse/sync";
import { csvField, CsvColumnGuard, csvOptions, detectDelimiter, inspectCsv, uniqueHeaders } from "./csv";

describe("detectDelimiter", () => {
  it.each([
    ["phone,name,date\n+1,a,b", ","],
    ["phone;name;date\n+1;a;1,5", ";"],
    ["phone\tname\n+1\ta", "\t"],
    ["phone|name\n", "|"],
    ['"a;b",c,d\n', ","], // the ; is quoted
    ["\uFEFFphone;name\n", ";"],
    ["phone\n+1\n", ","], // one column: comma by default
  ])("%j -> %j", (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe("uniqueHeaders", () => {
  it("names blank headers and numbers repeats", () => {
    expect(uniqueHeaders(["", "phone", "phone", " name ", "phone"])).toEqual([
      "Column 1",
      "phone",
      "phone (2)",
      "name",
      "phone (3)",
    ]);
  });
});

describe("inspectCsv", () => {
  it("drops the partial last row of a truncated sample", () => {
    const result = inspectCsv("phone,name\n+14152000010,Ana\n+14152000110,Bi", { truncated: true });
    expect(result.sampleRows).toEqual([{ phone: "+14152000010", name: "Ana" }]);
  });

  it("survives a slice cut inside a quoted cell", () => {
    const result = inspectCsv('phone,note\n+14152000010,"ok"\n+14152000110,"multi\nline and cut', {
      truncated: true,
    });
    expect(result.headers).toEqual(["phone", "note"]);
    expect(result.sampleRows).toEqual([{ phone: "+14152000010", note: "ok" }]);
  });

  it.each([
    ["mobile,first\n+1 415 200 0010,Ana\n", "mobile"],
    ["cliente,celular\nAna,11987654321\n", "celular"],
    ["who,contact_no\nAna,+14152000010\nBia,(415) 200-0110\n", "contact_no"], // by content
    ["who,what\nAna,shoes\n", null],
  ])("guesses the phone column of %j", (csv, column) => {
    expect(inspectCsv(csv, { truncated: false }).addressColumn).toBe(column);
  });
});

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["@cmd", "'@cmd"],
    ["+14155550100", "+14155550100"], // a phone number is not a formula
    ["-12.5", "-12.5"],
    ["+1 (415) 555-0100", "+1 (415) 555-0100"],
  ])("%j -> %j", (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it("round-trips through the parser whatever the cells hold", () => {
    // No = + - @ tab or CR first: those cells are deliberately prefixed (tested above).
    const cell = fc.string({ unit: fc.constantFrom("a", "b", " ", ",", '"', "\n", ";", "é", "1") });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const text = ["a,b,c", ...rows.map((r) => r.map(csvField).join(","))].join("\n");
          const parsed = inspectCsv(text, { truncated: false, delimiter: ",", sampleSize: 10 });
          expect(parsed.sampleRows.map((row) => Object.values(row))).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("CSV limits", () => {
  it("refuses a header with more columns than the limit, naming it", () => {
    expect(() => inspectCsv(`phone${",x".repeat(1000)}\n+1,a\n`, { truncated: false })).toThrow(
      /more than 1,000 columns \(the header\)/,
    );
  });

  it("refuses a row with more columns than the limit, naming the row", () => {
    expect(() => inspectCsv(`phone,name\n+1,a\n+2${",y".repeat(1000)}\n`, { truncated: false })).toThrow(
      /more than 1,000 columns \(line 3\)/,
    );
  });

  it("counts cells as the parser does: quoted delimiters, escaped quotes and quoted newlines, across chunks", () => {
    const guard = new CsvColumnGuard(",", 3);
    const text = 'a,"b,c,d\n""e,f""",g\n"x""",y,z\nq,w "1 2",3';
    expect((parseSync(text, csvOptions(",")) as string[][]).map((r) => r.length)).toEqual([3, 3, 3]);
    // Fed one byte at a time: every state (a quote whose next byte decides) straddles a chunk boundary.
    for (const byte of Buffer.from(text)) guard.feed(Uint8Array.of(byte));
    expect(() => guard.feed(Buffer.from(",4\n"))).toThrow(/more than 3 columns \(line 4\)/);
  });

  it("refuses a record longer than the limit", () => {
    expect(() => inspectCsv(`phone,name\n+1,${"a".repeat(70 * 1024)}\n`, { truncated: false })).toThrow(
      /row 2 is longer than 64 KiB/,
    );
  });

  it("refuses a NUL in a cell, naming the row and column", () => {
    expect(() => inspectCsv("phone,name\n+1,a\u0000b\n", { truncated: false })).toThrow(
      /NUL character in row 2, column "name"/,
    );
  });

  it("refuses a NUL inside an unterminated quoted cell (the last line the inspect step would drop)", () => {
    expect(() => inspectCsv('phone,name,date\n+14152000010,"\u0000,June 1\n', { truncated: false })).toThrow(
      /NUL character in row 2, column "name"/,
    );
    expect(() => inspectCsv('phone,name,date\n+14152000010,"\u0000,June 1\n', { truncated: true })).toThrow(
      /NUL character/,
    );
  });

  it("refuses a NUL in the header, and names the column after a header with a quoted newline", () => {
    expect(() => inspectCsv("phone,na\u0000me\n+1,a\n", { truncated: false })).toThrow(
      /NUL character in the header, column 2/,
    );
    const guard = new CsvColumnGuard(",");
    // A quoted newline in the header, CRLF and a blank line: rows counted as the parser counts records.
    for (const byte of Buffer.from('phone,"na\nme",x\r\n+1,a,b\n\n+2,c,')) guard.feed(Uint8Array.of(byte));
    expect(() => guard.feed(Uint8Array.of(0))).toThrow(/NUL character in row 3, column "x"/);
  });

  it("accepts the limit itself", () => {
    const header = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(",");
    expect(inspectCsv(`${header}\n1\n`, { truncated: false }).headers).toHaveLength(1000);
  });
});
