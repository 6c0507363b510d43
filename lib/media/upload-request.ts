/** The parts of an upload request the service needs: the raw body (the file), its type and length, its name. */
export function uploadSource(req: Request) {
  const length = Number(req.headers.get("content-length") ?? "NaN");
  return {
    body: req.body,
    contentType: req.headers.get("content-type") ?? "",
    contentLength: Number.isFinite(length) ? length : null,
    filename: req.headers.get("x-file-name"),
  };
}
