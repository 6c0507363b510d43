import { expect, type APIRequestContext } from "@playwright/test";

export const SIMULATOR = `http://127.0.0.1:${process.env.E2E_SIMULATOR_PORT ?? 4110}`;
let counter = 0;

/** A fresh customer number per test; the last two digits pick the simulator's behaviour (…91–…96 fail). */
export function newPhone(ending = "10") {
  counter++;
  const middle = String(Date.now() % 10_000).padStart(4, "0") + String(counter).padStart(2, "0");
  return `+4477${middle}${ending}`;
}

export async function injectInbound(request: APIRequestContext, body: Record<string, unknown>) {
  const res = await request.post(`${SIMULATOR}/sim/inbound`, { data: body });
  expect(res.ok(), await res.text()).toBe(true);
  const json = (await res.json()) as { delivery?: { status?: number | null } };
  expect(json.delivery?.status, "the app accepted the signed webhook").toBe(200);
  return json;
}

export async function sentRequests(request: APIRequestContext) {
  const res = await request.get(`${SIMULATOR}/sim/sent`);
  return ((await res.json()) as { requests: { endpoint: string; body: Record<string, unknown> }[] }).requests;
}
