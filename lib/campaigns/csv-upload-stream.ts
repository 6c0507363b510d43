import "server-only";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { parse, type Parser } from "csv-parse";
import { AppError } from "../app-error";
import {
  checkStorableCells,
  CsvColumnGuard,
  csvOptions,
  rowCells,
  uniqueHeaders,
  type CsvDelimiter,
} from "./csv";

/**
 * An uploaded CSV body as a stream of records, for the campaign audience and the contacts imports alike: counted as
 * it arrives (413 past `maxBytes`), every chunk checked by the column/record guard before the parser holds it, and
 * parsed with the options the inspect step uses. An error on any stage ends the parser, so the caller's loop throws;
 * `stop()` stops reading the upload (a caller that gives up early).
 */
export function parseCsvUpload(
  body: ReadableStream<Uint8Array>,
  options: { delimiter: CsvDelimiter; maxBytes: number },
): { parser: Parser; stop: () => void } {
  let bytes = 0;
  const guard = new CsvColumnGuard(options.delimiter);
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > options.maxBytes) {
        return callback(
          new AppError(
            "PAYLOAD_TOO_LARGE",
            `The file is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB.`,
          ),
        );
      }
      try {
        guard.feed(chunk);
      } catch (error) {
        return callback(error as Error);
      }
      callback(null, chunk);
    },
  });
  const parser = parse(csvOptions(options.delimiter));
  const source = Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
  source.on("error", (error) => limiter.destroy(error));
  limiter.on("error", (error) => parser.destroy(error));
  source.pipe(limiter).pipe(parser);
  return { parser, stop: () => source.destroy() };
}

/**
 * The data rows of a parsed upload, as cells by column, numbered as in the file (the header is row 1); every
 * record is checked for storable text. `onHeaders` sees the de-duplicated header row before any data row. More
 * than `maxRows` data rows is a 413 that tells the user to split the file into several `splitInto`; a file
 * without even a header row is a 422.
 */
export async function* csvDataRows(
  parser: Parser,
  options: { maxRows: number; splitInto: string; onHeaders: (headers: string[]) => void | Promise<void> },
): AsyncGenerator<{ rowNumber: number; cells: Record<string, string> }> {
  let headers: string[] | null = null;
  let rowNumber = 1;
  for await (const record of parser as AsyncIterable<string[]>) {
    checkStorableCells(headers ?? record, record, rowNumber + (headers === null ? 0 : 1));
    if (headers === null) {
      headers = uniqueHeaders(record);
      await options.onHeaders(headers);
      continue;
    }
    rowNumber++;
    if (rowNumber - 1 > options.maxRows) {
      throw new AppError(
        "PAYLOAD_TOO_LARGE",
        `The file has more than ${options.maxRows.toLocaleString("en-US")} rows; split it into ${options.splitInto}.`,
      );
    }
    yield { rowNumber, cells: rowCells(headers, record) };
  }
  if (headers === null)
    throw new AppError(
      "VALIDATION_FAILED",
      "The file is empty: it needs a header row and at least one data row.",
    );
}
