import { randomUUID } from "node:crypto";

// A request id follows a request through the logs: taken from the caller's `x-request-id` when it is sane (a
// proxy's or load balancer's id keeps working across hops), generated otherwise, and echoed in the response.

export const REQUEST_ID_HEADER = "x-request-id";

const SANE = /^[A-Za-z0-9._:@/+=-]{8,128}$/;

export function requestIdFrom(header: string | string[] | null | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SANE.test(value) ? value : randomUUID();
}
