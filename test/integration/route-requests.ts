// Requests and contexts for calling App Router handlers directly (`await route.GET(get("/api/x"), noParams)`).

export const noParams = { params: Promise.resolve({}) } as { params: Promise<Record<string, never>> };
export const withId = (id: string) => ({ params: Promise.resolve({ id }) });
export const get = (path: string) => new Request(`http://localhost${path}`);
export const json = (path: string, body: unknown, method = "POST") =>
  new Request(`http://localhost${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
