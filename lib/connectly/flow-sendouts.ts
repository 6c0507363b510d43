import { z } from "zod";
import type { ConnectlyErrorObject } from "./client";

// Flow sendouts: `POST /v1/businesses/{businessId}/send/campaigns` (contract §8.2–8.4). The docs leave the
// response schema, the bulk size limit and the rate limit NOT FOUND (§11); every project decision about this
// endpoint lives here, and the built-in simulator implements exactly these:
//
// 1. Addressing: an entry's `client` is the recipient's phone (E.164), else `bsuid:<BSUID>` (the template
//    send's `number` form, §14).
// 2. Variables: the campaign lists its flow variable names (they are defined per flow in Connectly's UI, no API
//    reads them); each recipient's values come from the audience mapping exactly as template variables do
//    (a CSV column with fallback, a contact field, a fixed value), whitespace collapsed, non-empty, at most
//    MAX_FLOW_VARIABLE_CHARS characters. Sent as `variables: { name: value }`; omitted when the flow has none.
// 3. Version: `campaignVersion` only when the campaign pins one (a string, as in the contract's example).
// 4. scheduledAt (alpha upstream): a per-recipient CSV column, ISO 8601 with an offset; blank = now. Sent in
//    UTC with second precision (`2025-07-01T09:00:00Z`); a time already past when the entry goes out is left off
//    (the flow starts now: what upstream does with a past time is undocumented).
// 5. Chunking: at most CONNECTLY_FLOW_CHUNK_SIZE entries per request (default DEFAULT_FLOW_CHUNK_SIZE, at most
//    MAX_FLOW_CHUNK_SIZE); a request never holds the same client + campaignName + campaignVersion twice (the
//    contract's rule): a repeat goes to the next request (chunkFlowEntries).
// 6. Pacing: the campaign's pace counts entries (one flow started per recipient), like template sends; the
//    endpoint's own limit is assumed to be Connectly's 200 requests/s like the other send endpoints, so in entries
//    it is 200 × the chunk size (lib/send-budget/limits.ts).
// 7. Answer (200): `{ "sendouts": [ { "sendoutId", "campaignName", "campaignVersion"?, "entries": [ { "index",
//    "client", "status": "accepted" | "rejected", "error"? } ] } ] }`, one sendout per name + version, `index`
//    = the entry's position in the request. Accepted → recipient SENT with its sendoutId (no message id: a flow
//    sends several messages, their statuses arrive by webhook); rejected → FAILED with the entry's error object
//    (catalogue code); an entry the answer does not mention → UNKNOWN (FLOW_RESULT_MISSING: the request was
//    accepted, so it may have started; a webhook settles it, it is never resent automatically).
// 8. Whole-request answers: 409 = the flow is not published → the campaign pauses (FLOW_NOT_PUBLISHED, audited)
//    and the entries go back to the queue (nothing was started); 429 → back to the queue, the budget shrinks;
//    other 4xx/5xx → every entry FAILED with that error; timeout or dropped connection → UNKNOWN (never resent).
// 9. Statuses: entries carry no callbackData (not in the contract); the flow's messages' delivery_status webhooks
//    name the flow in `statusUpdate.metadata.campaignName` (§5.7), and are attributed to the latest attempted
//    recipient of a FLOW campaign with that flow name and that customer (lib/campaigns/flow-status-ref.ts).

export const DEFAULT_FLOW_CHUNK_SIZE = 100;
export const MAX_FLOW_CHUNK_SIZE = 1000;
const MAX_FLOW_VARIABLE_CHARS = 1024;
export const MAX_FLOW_VARIABLES = 50;
export const FLOW_NOT_PUBLISHED = "FLOW_NOT_PUBLISHED";
export const FLOW_RESULT_MISSING = "FLOW_RESULT_MISSING";

/** A flow variable's name (§8.2: "variable names defined per campaign in the UI"): an identifier. */
export const flowVariableNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
  error: "a flow variable name is letters, digits and _ (up to 64), not starting with a digit",
});

/** The flow's name as copied from Connectly's Flow Builder (§8.1). */
export const flowNameSchema = z
  .string()
  .trim()
  .min(1, { error: "flowName is required" })
  .max(256, { error: "flowName must be at most 256 characters" });

export const flowVersionSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,32}$/, { error: "flowVersion is a version such as 3 (letters, digits, . _ -)" });

/** null when the value is fine, else why not (the import rejects the row as INVALID_VARIABLE). */
export function checkFlowVariableValue(name: string, value: string): string | null {
  if (value.length > MAX_FLOW_VARIABLE_CHARS)
    return `${name} must be at most ${MAX_FLOW_VARIABLE_CHARS} characters`;
  return null;
}

function flowClient(recipient: { phone: string | null; bsuid: string | null }): string {
  if (recipient.phone) return recipient.phone;
  if (recipient.bsuid) return `bsuid:${recipient.bsuid}`;
  throw new Error("a flow entry needs a phone or a BSUID");
}

const scheduledAtSchema = z.iso.datetime({ offset: true });

/** A CSV cell as a per-recipient start time: null for blank, a Date, or the reason it is not one. */
export function parseFlowScheduledAt(
  cell: string | undefined,
): { ok: true; value: Date | null } | { ok: false; detail: string } {
  const text = (cell ?? "").trim();
  if (text === "") return { ok: true, value: null };
  if (!scheduledAtSchema.safeParse(text).success) {
    return {
      ok: false,
      detail: `scheduledAt "${text.slice(0, 60)}" is not an ISO 8601 date-time with a time zone, e.g. 2025-07-01T09:00:00Z`,
    };
  }
  return { ok: true, value: new Date(text) };
}

/** The value sent for scheduledAt, or undefined to start now (decision 4). */
function flowScheduledAtValue(at: Date | null, nowMs: number): string | undefined {
  if (!at || at.getTime() <= nowMs) return undefined;
  return at.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type FlowEntry = {
  client: string;
  campaignName: string;
  sender?: string;
  variables?: Record<string, string>;
  campaignVersion?: string;
  scheduledAt?: string;
};

export function buildFlowEntry(input: {
  recipient: { phone: string | null; bsuid: string | null };
  flowName: string;
  flowVersion: string | null;
  sender: string | null;
  variables: Record<string, string>;
  scheduledAt: Date | null;
  nowMs: number;
}): FlowEntry {
  const entry: FlowEntry = { client: flowClient(input.recipient), campaignName: input.flowName };
  if (input.sender) entry.sender = input.sender;
  if (Object.keys(input.variables).length > 0) entry.variables = input.variables;
  if (input.flowVersion) entry.campaignVersion = input.flowVersion;
  const scheduledAt = flowScheduledAtValue(input.scheduledAt, input.nowMs);
  if (scheduledAt) entry.scheduledAt = scheduledAt;
  return entry;
}

/** The uniqueness key of an entry within one request (§8.2). */
export function flowPairKey(entry: Pick<FlowEntry, "client" | "campaignName" | "campaignVersion">): string {
  return JSON.stringify([entry.client, entry.campaignName, entry.campaignVersion ?? null]);
}

/**
 * Splits items into requests of at most `size`, none holding the same pair twice; order is kept within each
 * request and a repeat goes to the first later request without its pair.
 */
export function chunkFlowEntries<T>(items: readonly T[], size: number, pairOf: (item: T) => string): T[][] {
  const chunks: { items: T[]; pairs: Set<string> }[] = [];
  let open = 0; // chunks before this one are full
  for (const item of items) {
    const pair = pairOf(item);
    let i = open;
    while (i < chunks.length && (chunks[i]!.items.length >= size || chunks[i]!.pairs.has(pair))) i++;
    if (i === chunks.length) chunks.push({ items: [], pairs: new Set() });
    chunks[i]!.items.push(item);
    chunks[i]!.pairs.add(pair);
    while (open < chunks.length && chunks[open]!.items.length >= size) open++;
  }
  return chunks.map((c) => c.items);
}

const errorObjectSchema = z
  .object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.string().optional(),
    userTitle: z.string().optional(),
    userMessage: z.string().optional(),
    cntTraceId: z.string().optional(),
    details: z.unknown().optional(),
  })
  .loose();

// Tolerant: unknown fields are kept out, a malformed entry is skipped (and then counts as missing).
const sendoutAnswerSchema = z.object({
  sendouts: z
    .array(
      z.object({
        sendoutId: z.string().optional(),
        entries: z.array(z.unknown()).optional(),
      }),
    )
    .optional(),
});
const entryResultSchema = z.object({
  index: z.number().int().min(0),
  status: z.enum(["accepted", "rejected"]),
  error: errorObjectSchema.nullish(),
});

export type FlowEntryOutcome =
  | { kind: "accepted"; sendoutId: string | null }
  | { kind: "rejected"; error: ConnectlyErrorObject }
  | { kind: "missing" };

/** One outcome per entry of the request, in request order (decision 7). */
export function flowEntryOutcomes(entryCount: number, answer: unknown): FlowEntryOutcome[] {
  const outcomes: FlowEntryOutcome[] = Array.from({ length: entryCount }, () => ({ kind: "missing" }));
  const parsed = sendoutAnswerSchema.safeParse(answer);
  if (!parsed.success) return outcomes;
  for (const sendout of parsed.data.sendouts ?? []) {
    for (const raw of sendout.entries ?? []) {
      const entry = entryResultSchema.safeParse(raw);
      if (!entry.success || entry.data.index >= entryCount) continue;
      outcomes[entry.data.index] =
        entry.data.status === "accepted"
          ? { kind: "accepted", sendoutId: sendout.sendoutId ?? null }
          : {
              kind: "rejected",
              error: (entry.data.error ?? { code: "ERROR_CODE_UNSPECIFIED" }) as ConnectlyErrorObject,
            };
    }
  }
  return outcomes;
}

/** Decision 8: a 409 on send/campaigns means the flow is not published (§8.1, §1.6). */
export function isFlowNotPublished(error: { status: number | null }): boolean {
  return error.status === 409;
}
