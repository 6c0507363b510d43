// A CSV file download, streamed: from a byte stream, or pulled line by line from an async generator (closed early
// when the client goes away). One place for the headers every export sends.
export function csvDownload(
  fileName: string,
  body: ReadableStream<Uint8Array> | AsyncGenerator<string>,
): Response {
  const stream = body instanceof ReadableStream ? body : linesToStream(body);
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}

function linesToStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}
