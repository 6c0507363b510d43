"use client";

import type { ErrorCode } from "../app-error";

// The browser's one way to call our API: JSON in, JSON out, and the error body turned into a typed error the
// UI can show ({ error: { code, message, details } }).

/** Our API's error codes, plus the two the browser adds: no answer at all, and an answer that is not ours. */
export type ClientErrorCode = ErrorCode | "NETWORK" | "HTTP_ERROR";

export class ApiError extends Error {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(status: number, code: ClientErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Could not reach the server. Check your connection and try again.");
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) {
    if (response.status === 401 && typeof window !== "undefined") {
      // A full navigation on purpose: the expired session must be dropped from every cached page.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination
      window.location.assign(`/login?callbackUrl=${encodeURIComponent(window.location.pathname)}`);
    }
    throw apiErrorFrom(response.status, json, "Request failed");
  }
  return json as T;
}

/** Our error body ({ error: { code, message, details } }) as an ApiError; anything else as HTTP_ERROR. */
export function apiErrorFrom(status: number, body: unknown, fallback: string): ApiError {
  const error = (
    body as { error?: { code?: ClientErrorCode; message?: string; details?: Record<string, unknown> } } | null
  )?.error;
  return new ApiError(
    status,
    error?.code ?? "HTTP_ERROR",
    error?.message ?? `${fallback} (HTTP ${status})`,
    error?.details,
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
