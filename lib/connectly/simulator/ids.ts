import { randomBytes } from "node:crypto";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// Random bytes are drawn from a pooled buffer: one syscall per ~250 ids instead of one per id.
let pool = Buffer.alloc(0);
let poolOffset = 0;

function takeRandom(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return slice;
}

/** ULID-shaped id: 10 Crockford chars of millisecond time + 16 random chars (26 total). */
export function newMessageId(nowMs: number): string {
  let time = Math.max(0, Math.floor(nowMs));
  let timePart = "";
  for (let i = 0; i < 10; i++) {
    timePart = CROCKFORD.charAt(time % 32) + timePart;
    time = Math.floor(time / 32);
  }
  let randomPart = "";
  for (const byte of takeRandom(16)) randomPart += CROCKFORD.charAt(byte & 31);
  return timePart + randomPart;
}

/** Decimal trace id like Connectly's `cntTraceId` (e.g. "11824978358485860716"). */
export function newTraceId(): string {
  return takeRandom(8).readBigUInt64BE().toString();
}

/** Meta-style numeric template id (16 digits). */
export function newTemplateId(): string {
  let digits = "1";
  for (const byte of takeRandom(15)) digits += String(byte % 10);
  return digits;
}
