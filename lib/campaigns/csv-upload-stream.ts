import "server-only";
import { Readable, Transform } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { parse, type Parser } from "csv-parse";
import { AppError } from "../app-error";
import { CsvColumnGuard, csvOptions, type CsvDelimiter } from "./csv";

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
