import "server-only";
import pg from "pg";
import { AppError } from "../app-error";
import { env } from "../env";
import type { Prisma } from "../generated/prisma/client";

// A query's rows as CSV, written by PostgreSQL itself (COPY … TO STDOUT, FORMAT csv) and streamed to the HTTP
// response as it comes: memory stays flat for a million rows, and when the download is slower than the database,
// reading from the database socket pauses until the browser catches up. Runs on a connection of its own (a Prisma
// pool connection would be held for minutes), in one REPEATABLE READ READ ONLY snapshot that `prepare` shares
// (lookups it makes before building the query see the same data as the file). Used by every CSV download.

/** Exports running at once in this process; each holds a database connection. */
const MAX_CONCURRENT = 3;
/** Bytes gathered before handing a chunk to the response (COPY sends one message per row). */
const CHUNK_BYTES = 64 * 1024;
const state = globalThis as unknown as { analyticsExportsRunning?: number };

export type CopyCsvOptions = {
  /** Shown in pg_stat_activity. */
  applicationName: string;
  connectionString?: string;
  /** Builds the SELECT to export, inside the export's snapshot (the client may be used for lookups and escaping). */
  prepare: (client: pg.Client) => Promise<Prisma.Sql>;
};

/** Starts the export: resolves once the snapshot is open and the query built, so a failure is still a proper error. */
export async function copyCsvStream(options: CopyCsvOptions): Promise<ReadableStream<Uint8Array>> {
  const running = state.analyticsExportsRunning ?? 0;
  if (running >= MAX_CONCURRENT) {
    throw new AppError(
      "RATE_LIMITED",
      "Several exports are already running. Try again when one has finished.",
    );
  }
  state.analyticsExportsRunning = running + 1;
  const client = new pg.Client({
    connectionString: options.connectionString ?? env().DATABASE_URL,
    application_name: options.applicationName,
  });
  let released = false;
  // Every way out (done, failed, cancelled by the browser, connection lost) goes through here exactly once, so
  // the slot and the connection always come back.
  let fail: ((error: Error) => void) | null = null;
  const release = () => {
    if (released) return;
    released = true;
    state.analyticsExportsRunning = Math.max(0, (state.analyticsExportsRunning ?? 1) - 1);
    void client.end().catch(() => {});
  };
  client.on("error", (error) => {
    release();
    fail?.(error);
  });

  let copySql: string;
  try {
    await client.connect();
    // Opened before the response starts, so a failure here is still a proper error response.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    copySql = `COPY (${inline(client, await options.prepare(client))}) TO STDOUT WITH (FORMAT csv, HEADER true)`;
  } catch (error) {
    release();
    throw error;
  }

  // pg hands each CopyData payload over as a view into its read buffer, which it reuses: bytes are copied out
  // into a chunk of our own at once.
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES * 2);
  let used = 0;
  let copy: CopyOut | null = null;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        fail = (error) => controller.error(error);
        const flush = () => {
          if (used === 0) return;
          controller.enqueue(chunk.subarray(0, used));
          chunk = Buffer.allocUnsafe(CHUNK_BYTES * 2);
          used = 0;
          if ((controller.desiredSize ?? 1) <= 0) copy?.pause();
        };
        copy = new CopyOut(
          copySql,
          (data) => {
            if (used + data.length > chunk.length) {
              flush();
              if (data.length > chunk.length) chunk = Buffer.allocUnsafe(data.length);
            }
            data.copy(chunk, used);
            used += data.length;
            if (used >= CHUNK_BYTES) flush();
          },
          (error) => {
            if (error) {
              release();
              controller.error(error);
              return;
            }
            flush();
            void client
              .query("COMMIT")
              .catch(() => {})
              .finally(release);
            controller.close();
          },
        );
        try {
          client.query(copy);
        } catch (error) {
          release();
          controller.error(error);
        }
      },
      pull() {
        copy?.resume();
      },
      cancel() {
        copy?.resume();
        release();
      },
    },
    { highWaterMark: 4 },
  );
  return stream;
}

/**
 * pg's submittable interface (as pg-copy-streams uses it): the query is sent with the simple protocol and each
 * CopyData message's payload is one CSV line.
 */
class CopyOut {
  private connection: {
    query: (text: string) => void;
    stream: { pause: () => void; resume: () => void };
  } | null = null;
  private failed: Error | null = null;

  constructor(
    private readonly text: string,
    private readonly onData: (chunk: Buffer) => void,
    private readonly onEnd: (error?: Error) => void,
  ) {}

  submit(connection: NonNullable<CopyOut["connection"]>) {
    this.connection = connection;
    connection.query(this.text);
  }

  pause() {
    this.connection?.stream.pause();
  }

  resume() {
    this.connection?.stream.resume();
  }

  handleCopyData(message: { chunk: Buffer }) {
    this.onData(message.chunk);
  }

  handleError(error: Error) {
    this.failed = error;
  }

  handleReadyForQuery() {
    this.onEnd(this.failed ?? undefined);
  }

  handleCommandComplete() {}
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
}

/** COPY takes no bind parameters: the (already validated) values are written in as escaped literals. */
function inline(client: pg.Client, query: Prisma.Sql): string {
  return query.strings.reduce((sql, part, i) => {
    if (i === 0) return part;
    const value = query.values[i - 1];
    let literal: string;
    if (value === null || value === undefined) literal = "NULL";
    else if (typeof value === "number" && Number.isFinite(value)) literal = String(value);
    // A NUL would end the query text early on the wire and leave the protocol waiting forever: refused instead
    // (route handlers already refuse it in the query string; this covers every other caller).
    else if (typeof value === "string" && value.includes("\u0000"))
      throw new AppError("VALIDATION_FAILED", "The filter contains a NUL character.");
    else if (typeof value === "string") literal = client.escapeLiteral(value);
    else throw new Error(`cannot inline a ${typeof value} into COPY`);
    return sql + literal + part;
  }, "");
}
