import { parse as parseSync } from "csv-parse/sync";
import type { Options } from "csv-parse";
import { AppError } from "../app-error";
import { CSV_DELIMITERS, MAX_CSV_COLUMNS, MAX_CSV_RECORD_CHARS } from "./schemas";

// CSV reading shared by the inspect step (first bytes of the file) and the streamed import, so both see the
// same columns: BOM stripped, delimiter chosen once, quoted newlines kept inside their cell, ragged rows
// tolerated (a short row reads as blank cells, checked later as missing values). Bounded while it is read: at
// most MAX_CSV_COLUMNS cells (CsvColumnGuard) and MAX_CSV_RECORD_CHARS characters per record, so a
// 1,000,000-column header or a 50 MB line is refused before it is held in memory (the parser would otherwise
// build the whole record first).

export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export function csvOptions(delimiter: CsvDelimiter, limits: { maxRecordChars?: number } = {}): Options {
  return {
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    trim: false,
    max_record_size: limits.maxRecordChars ?? MAX_CSV_RECORD_CHARS,
  };
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;

/**
 * Counts the cells of each record in the raw bytes, ahead of the parser, and throws a 422 as soon as one has more
 * than `maxColumns`. max_record_size cannot do this (empty cells add nothing to it), and the parser's per-cell
 * hook (`cast`) makes parsing about ten times slower. Quotes follow csv-parse with relax_quotes: a quote opens only
 * at the start of a cell; inside, "" is a literal quote and any other quote closes.
 *
 * It also refuses a NUL byte anywhere (the database cannot store it), naming the row and column: every byte passes
 * here, so the inspect step, which drops an unparseable last line of its slice, and the import refuse the same files.
 */
export class CsvColumnGuard {
  private cells = 1;
  private line = 1;
  private row = 1; // records as the parser numbers them (1: the header; blank lines skipped), to name a NUL's row
  private rowHasBytes = false;
  private inQuotes = false;
  private quoteSeen = false; // inside quotes, a quote whose next byte decides escape or close
  private cellEmpty = true;
  private first = true;
  /** The header record's bytes, kept (up to MAX_CSV_RECORD_CHARS * 4) to name a column holding NUL; null once complete. */
  private header: number[] | null = [];
  private headerNames: string[] | null = null;
  private readonly delimiter: number;

  constructor(
    delimiter: CsvDelimiter,
    private readonly maxColumns = MAX_CSV_COLUMNS,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  feed(bytes: Uint8Array): void {
    let i = 0;
    if (this.first) {
      this.first = false;
      if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3; // the BOM, skipped by the parser too
    }
    for (; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (c === NUL) throw this.nul();
      if (this.header !== null && this.header.length < MAX_CSV_RECORD_CHARS * 4) this.header.push(c);
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (c === QUOTE) continue; // "" inside quotes: a literal quote
          this.inQuotes = false; // the quote closed the cell; this byte is read as unquoted below
        } else {
          if (c === QUOTE) this.quoteSeen = true;
          else if (c === LF) this.line++;
          continue;
        }
      }
      if (c === this.delimiter) {
        if (++this.cells > this.maxColumns) throw this.tooWide();
        this.cellEmpty = true;
        this.rowHasBytes = true;
      } else if (c === LF || c === CR) {
        if (c === LF) this.line++;
        if (this.rowHasBytes) {
          this.row++;
          if (this.header !== null) this.endHeader();
        }
        this.rowHasBytes = false;
        this.cells = 1;
        this.cellEmpty = true;
      } else if (c === QUOTE && this.cellEmpty) {
        this.inQuotes = true;
        this.cellEmpty = false;
        this.rowHasBytes = true;
      } else {
        this.cellEmpty = false;
        this.rowHasBytes = true;
      }
    }
  }

  private endHeader() {
    const text = Buffer.from(this.header!).toString("utf8");
    this.header = null;
    try {
      this.headerNames = uniqueHeaders(
        (parseSync(text, csvOptions(String.fromCharCode(this.delimiter) as CsvDelimiter)) as string[][])[0] ??
          [],
      );
    } catch {
      this.headerNames = null; // unparseable header: the parser refuses it; a NUL is then named by column number
    }
  }

  private nul() {
    const name = this.headerNames?.[this.cells - 1];
    // Worded as checkStorableCells words it for a parsed record.
    const where =
      this.row === 1
        ? `the header, column ${this.cells}`
        : `row ${this.row}, column ${name === undefined ? this.cells : `"${name}"`}`;
    return new AppError(
      "VALIDATION_FAILED",
      `The file has a NUL character in ${where}; it cannot be stored. Save the file again as plain UTF-8 CSV.`,
    );
  }

  private tooWide() {
    const where = this.line === 1 ? "the header" : `line ${this.line}`;
    return new AppError(
      "VALIDATION_FAILED",
      `The file has more than ${this.maxColumns.toLocaleString("en-US")} columns (${where}); remove the columns the campaign does not need.`,
    );
  }
}

/** A parser error as a 422 naming the row, for the limits above and for malformed CSV; other errors unchanged. */
export function csvProblem(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { code, records } = error as { code?: unknown; records?: unknown };
  if (code === "CSV_MAX_RECORD_SIZE") {
    const which = typeof records !== "number" ? "a row" : records === 0 ? "the header" : `row ${records + 1}`;
    return new AppError(
      "VALIDATION_FAILED",
      `The file's ${which} is longer than ${Math.round(MAX_CSV_RECORD_CHARS / 1024)} KiB; check the delimiter, or shorten its cells.`,
    );
  }
  if (typeof code === "string" && code.startsWith("CSV_")) {
    return new AppError("VALIDATION_FAILED", `The file is not valid CSV: ${(error as Error).message}`);
  }
  return error;
}

/** The first cell holding NUL (the database cannot store it): a 422 naming the row and column. */
export function checkStorableCells(headers: readonly string[], record: readonly string[], rowNumber: number) {
  for (let i = 0; i < record.length; i++) {
    if (!record[i]!.includes("\u0000")) continue;
    const where =
      rowNumber === 1 ? `the header, column ${i + 1}` : `row ${rowNumber}, column "${headers[i] ?? i + 1}"`;
    throw new AppError(
      "VALIDATION_FAILED",
      `The file has a NUL character in ${where}; it cannot be stored. Save the file again as plain UTF-8 CSV.`,
    );
  }
}

/**
 * The delimiter of the header line: the candidate that splits it into the most fields outside quotes.
 * Spreadsheets in comma-decimal locales (most of Europe and Latin America) export with semicolons.
 */
export function detectDelimiter(sample: string): CsvDelimiter {
  const text = sample.replace(/^\uFEFF/, "");
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char as CsvDelimiter))
      counts.set(char as CsvDelimiter, (counts.get(char as CsvDelimiter) ?? 0) + 1);
  }
  let best: CsvDelimiter = ",";
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

/** Header names made unique and non-blank ("", "phone", "phone" -> "Column 1", "phone", "phone (2)"). */
export function uniqueHeaders(raw: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return raw.map((cell, index) => {
    const base = cell.trim() || `Column ${index + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

export function rowCells(headers: readonly string[], record: readonly string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  headers.forEach((header, i) => (cells[header] = record[i] ?? ""));
  return cells;
}

export type CsvInspection = {
  delimiter: CsvDelimiter;
  headers: string[];
  sampleRows: Record<string, string>[];
  /** Guess of the phone column, by name then by content. */
  addressColumn: string | null;
};

const PHONE_HEADER =
  /^(phone|phone ?number|mobile|cell|whats ?app|number|msisdn|telefone|tel[eé]fono|celular|m[oó]vil|bsuid|to)$/i;

/**
 * Reads the first bytes of a file (the browser sends a slice): header, a few rows, the delimiter. The slice
 * may end mid-row, so the last record is dropped when the sample was truncated.
 */
export function inspectCsv(
  sample: string,
  options: { truncated: boolean; delimiter?: CsvDelimiter; sampleSize?: number },
): CsvInspection {
  const delimiter = options.delimiter ?? detectDelimiter(sample);
  const size = options.sampleSize ?? 5;
  let text = sample;
  let records: string[][] = [];
  let cut = false;
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      if (attempt === 0) new CsvColumnGuard(delimiter).feed(Buffer.from(text));
      records = parseSync(text, csvOptions(delimiter)) as string[][];
      break;
    } catch (error) {
      // Too many columns or too long a record: refused as the import would refuse it.
      if (error instanceof AppError || (error as { code?: unknown }).code === "CSV_MAX_RECORD_SIZE")
        throw csvProblem(error);
      // An unterminated quote where the slice was cut: retry without the last (partial) line.
      const at = text.lastIndexOf("\n", text.length - 2);
      if (at <= 0) break;
      text = text.slice(0, at + 1);
      cut = true;
    }
  }
  if (options.truncated && !cut && records.length > 1) records = records.slice(0, -1);
  records.slice(0, 1 + size).forEach((record, i) => checkStorableCells(records[0] ?? [], record, i + 1));
  const headers = uniqueHeaders(records[0] ?? []);
  const sampleRows = records.slice(1, 1 + size).map((r) => rowCells(headers, r));
  const byName = headers.find((h) => PHONE_HEADER.test(h.trim()));
  const byContent = headers.find(
    (h) =>
      sampleRows.length > 0 && sampleRows.every((row) => /^\+?[\d\s().-]{7,20}$/.test((row[h] ?? "").trim())),
  );
  return { delimiter, headers, sampleRows, addressColumn: byName ?? byContent ?? null };
}

/** One CSV field for a file we write: quoted when needed, formula-looking cells neutralised. */
export function csvField(value: string): string {
  // A leading = + - @ would run as a formula when the report is opened in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d[\d\s().-]*$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
