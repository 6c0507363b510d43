import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import pg from "pg";
import { signWebhookBody } from "../lib/connectly/signature";
import { assertPortFree, assertPostgresReachable, startAppServer, type AppServer } from "./lib/app-server";
import { fmtInt, fmtMs, previousRun, summarize, table, type LatencySummary } from "./lib/stats";

// `npm run bench:inbox`: the inbox at scale. Seeds 10,000 conversations and 500,000 messages into a database of its
// own, then measures, as a signed-in agent over HTTP, the conversation-list and thread API calls, and with a real
// Chromium page open on /inbox, the time from posting a signed inbound webhook to the message being on screen.
// Prints numbers (targets: list/thread p95 < 50 ms, webhook-to-screen p95 < 500 ms); asserts nothing.
//
// The app runs as the webhook benchmark runs it (bench/lib/app-server.ts: scripts/e2e-server.ts in its own process
// group), built in a private copy of the working tree of its own (never the shared .next, nor the webhook bench's
// copy). BENCH_SKIP_BUILD=1 reuses that copy's last build.

const root = path.resolve(__dirname, "..");
const env = process.env;
const int = (name: string, fallback: number) => {
  const raw = env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
};
// BENCH_SCALE multiplies the default data (10: 100,000 conversations, 5,000,000 messages); BENCH_REUSE=1 keeps a
// database this bench seeded with the same numbers (the seed of 10x takes long: make it once, measure when quiet).
const scale = int("BENCH_SCALE", 1);
const config = {
  port: int("BENCH_PORT", 3230),
  simulatorPort: int("BENCH_SIMULATOR_PORT", 4230),
  databaseUrl: env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/connectly_bench_inbox",
  conversations: int("BENCH_CONVERSATIONS", 10_000 * scale),
  messages: int("BENCH_MESSAGES", 500_000 * scale),
  reuse: env.BENCH_REUSE === "1",
  requests: int("BENCH_REQUESTS", 300),
  webhookSamples: int("BENCH_WEBHOOK_SAMPLES", 100), // half into the open thread, half new: a p95 needs >= 50 samples each
  skipBuild: env.BENCH_SKIP_BUILD === "1",
  copyDir: path.join(os.tmpdir(), "connectly-bench-inbox"),
  webhookSecret: "bench_inbox_webhook_secret",
  resultsDir: path.join(root, "bench", "results"),
};
if (!/^postgres(ql)?:\/\/[^/]*(127\.0\.0\.1|localhost)[:/]/.test(config.databaseUrl))
  throw new Error("BENCH_DATABASE_URL must be on loopback");
if (
  [3000, 3100, 4010, 4110, 3200, 4210].includes(config.port) ||
  [3000, 3100, 4010, 4110, 3200, 4210].includes(config.simulatorPort)
) {
  throw new Error("BENCH_PORT / BENCH_SIMULATOR_PORT collide with another server's port");
}
const ADMIN = { email: "admin@example.com", password: "bench-admin-pw" }; // what bench/lib/app-server.ts seeds
const log = (line: string) => console.log(`[bench:inbox] ${line}`);
const baseUrl = `http://127.0.0.1:${config.port}`;

function buildPrivateCopy() {
  if (config.skipBuild) {
    if (!existsSync(path.join(config.copyDir, ".next", "BUILD_ID")))
      throw new Error(`BENCH_SKIP_BUILD=1 but ${config.copyDir} has no build yet`);
    log(`BENCH_SKIP_BUILD=1: reusing the build in ${config.copyDir}`);
    return;
  }
  log(`syncing the working tree into ${config.copyDir}`);
  mkdirSync(config.copyDir, { recursive: true });
  // Tests are left out too: `next build` type-checks every file, and a colleague's half-written test must not
  // stop the benchmark of the app.
  const excludes = [
    ".git",
    ".next",
    ".next-*",
    ".data",
    "test-results",
    "playwright-report",
    "bench",
    "test",
    "e2e",
    "tsconfig.tsbuildinfo",
  ];
  const args = [
    "-a",
    "--delete",
    "--delete-excluded",
    ...excludes.flatMap((e) => ["--exclude", `/${e}`]),
    "--exclude",
    "*.test.ts",
    "--exclude",
    "*.test.tsx",
  ];
  const sync = spawnSync("rsync", [...args, `${root}/`, `${config.copyDir}/`], { encoding: "utf8" });
  if (sync.status !== 0) throw new Error(`rsync failed: ${sync.stderr}`);
  log("building the app (next build) in the copy…");
  const t0 = Date.now();
  const build = spawnSync(
    process.execPath,
    [path.join(config.copyDir, "node_modules/next/dist/bin/next"), "build"],
    {
      cwd: config.copyDir,
      env: { ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", NEXT_DIST_DIR: "" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (build.status !== 0)
    throw new Error(`next build failed:\n${build.stdout.slice(-3000)}\n${build.stderr.slice(-3000)}`);
  log(`built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * 10,000 contacts/conversations and 50 messages each, generated inside PostgreSQL (INSERT … SELECT over
 * generate_series: no row crosses the wire). The trigram index on message text is rebuilt once after the load,
 * which is much faster than maintaining it row by row. Conversations get a realistic spread of status, assignee,
 * unread counts and last activity over 30 days.
 */
async function seed(client: pg.Client) {
  const perConversation = Math.max(1, Math.round(config.messages / config.conversations));
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [
    ADMIN.email,
  ]);
  const adminId = rows[0]?.id;
  if (!adminId) throw new Error("the seeded admin is missing");
  const t0 = Date.now();
  await client.query(`DROP INDEX IF EXISTS "Message_text_trgm_idx"`);
  await client.query(
    `INSERT INTO "Contact" (id, phone, name, "createdAt", "updatedAt")
     SELECT 'bc-' || g, '+1555' || lpad(g::text, 7, '0'), 'Bench Customer ' || g, now() - interval '60 days', now()
     FROM generate_series(1, $1::int) g`,
    [config.conversations],
  );
  await client.query(
    `INSERT INTO "Conversation" (id, "contactId", status, "assigneeId", "lastInboundAt", "lastMessageAt", "lastMessageText", "unreadCount", "createdAt", "updatedAt")
     SELECT 'bv-' || g, 'bc-' || g,
       (CASE WHEN g % 5 = 0 THEN 'RESOLVED' WHEN g % 7 = 0 THEN 'PENDING' ELSE 'OPEN' END)::"ConversationStatus",
       CASE WHEN g % 3 = 0 THEN $2 END,
       now() - (g * interval '4 minutes') - interval '1 minute', now() - (g * interval '4 minutes'),
       'Message ' || $3::int || ' of customer ' || g, CASE WHEN g % 4 = 0 THEN 1 + g % 3 ELSE 0 END,
       now() - interval '60 days', now()
     FROM generate_series(1, $1::int) g`,
    [config.conversations, adminId, perConversation],
  );
  const words = `ARRAY['where is my parcel', 'I would like a refund', 'thanks a lot', 'can you help me with my order', 'the item arrived damaged',
    'what are your opening hours', 'please change my delivery address', 'is this in stock']`;
  const chunk = 1_000;
  for (let start = 1; start <= config.conversations; start += chunk) {
    const end = Math.min(config.conversations, start + chunk - 1);
    await client.query(
      `INSERT INTO "Message" (id, "conversationId", direction, kind, text, content, status, "statusRank", "sentAt", "deliveredAt", "readAt", "createdAt")
       SELECT 'bm-' || c || '-' || m, 'bv-' || c,
         (CASE WHEN m % 2 = 1 THEN 'INBOUND' ELSE 'OUTBOUND' END)::"Direction", 'text',
         (${words})[1 + (c + m) % 8] || ' #' || (c * 100 + m),
         jsonb_build_object('text', 'bench'),
         CASE WHEN m % 2 = 0 THEN 'READ'::"MessageStatus" END, CASE WHEN m % 2 = 0 THEN 4 ELSE 0 END,
         CASE WHEN m % 2 = 0 THEN ts END, CASE WHEN m % 2 = 0 THEN ts END, CASE WHEN m % 2 = 0 THEN ts END, ts
       FROM generate_series($1::int, $2::int) c, generate_series(1, $3::int) m,
         LATERAL (SELECT now() - (c * interval '4 minutes') - (($3::int - m) * interval '20 minutes') AS ts) t`,
      [start, end, perConversation],
    );
    if (end % 2_000 === 0 || end === config.conversations)
      log(`  seeded ${fmtInt(end * perConversation)} messages`);
  }
  log("  rebuilding the message-text trigram index");
  await client.query(`CREATE INDEX "Message_text_trgm_idx" ON "Message" USING GIN ("text" gin_trgm_ops)`);
  await client.query(`ANALYZE "Contact", "Conversation", "Message"`);
  log(
    `seeded ${fmtInt(config.conversations)} conversations and ${fmtInt(config.conversations * perConversation)} messages in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** Whether the database holds exactly this configuration's seed (BENCH_REUSE). */
async function seededWith(client: pg.Client): Promise<boolean> {
  const perConversation = Math.max(1, Math.round(config.messages / config.conversations));
  const { rows } = await client.query<{ conversations: string; messages: string }>(
    `SELECT (SELECT count(*) FROM "Conversation" WHERE id LIKE 'bv-%') AS conversations,
            (SELECT count(*) FROM "Message" WHERE id LIKE 'bm-%') AS messages`,
  );
  return (
    Number(rows[0]?.conversations) === config.conversations &&
    Number(rows[0]?.messages) === config.conversations * perConversation
  );
}

/** next-auth's credentials sign-in, as the login form does it: csrf token + cookie, then the callback. */
async function signIn(): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair?.indexOf("=") ?? -1;
      if (pair && eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie(), origin: baseUrl },
    body: new URLSearchParams({
      csrfToken,
      email: ADMIN.email,
      password: ADMIN.password,
      json: "true",
      callbackUrl: `${baseUrl}/inbox`,
    }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes("session-token")))
    throw new Error(`sign-in failed (HTTP ${res.status})`);
  return cookie();
}

async function timeRequests(
  label: string,
  cookie: string,
  paths: () => string,
  count: number,
): Promise<LatencySummary & { label: string; errors: number }> {
  const samples: number[] = [];
  let errors = 0;
  for (let i = 0; i < count + 20; i++) {
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}${paths()}`, { headers: { cookie } });
    await res.arrayBuffer();
    const ms = performance.now() - t0;
    if (!res.ok) errors++;
    if (i >= 20) samples.push(ms); // the first 20 warm up JIT, pools and plan caches
  }
  return { label, errors, ...summarize(samples) };
}

/**
 * Resolves with Date.now() when `token` first shows inside `selector` (a MutationObserver in the page). Passed as a
 * string: tsx's transpiled functions reference helpers that do not exist in the page.
 */
function whenVisible(page: Page, selector: string, token: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const seen = () => (document.querySelector(${JSON.stringify(selector)})?.textContent ?? "").includes(${JSON.stringify(token)});
    if (seen()) return resolve(Date.now());
    const obs = new MutationObserver(() => {
      if (seen()) { obs.disconnect(); resolve(Date.now()); }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
    setTimeout(() => { obs.disconnect(); reject(new Error("token did not appear within 10 s")); }, 10000);
  })`);
}

async function postInbound(phone: string, text: string) {
  const raw = JSON.stringify({
    topic: "messages",
    timestamp: String(Math.floor(Date.now() / 1000)),
    sender: { id: phone, channelType: "whatsapp", name: `Live ${phone.slice(-4)}` },
    recipient: { id: "+14155550100", channelType: "whatsapp" },
    message: { id: `bench-in-${randomUUID()}`, text },
  });
  const res = await fetch(`${baseUrl}/api/webhooks/connectly`, {
    method: "POST",
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "x-connectly-hmac-sha256": signWebhookBody(config.webhookSecret, raw),
    },
    body: raw,
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
}

async function webhookToScreen(cookie: string) {
  const browser = await chromium.launch({
    executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    await context.addCookies(
      cookie.split("; ").map((pair) => {
        const eq = pair.indexOf("=");
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: baseUrl };
      }),
    );
    const page = await context.newPage();
    // The open thread: a seeded customer whose conversation the agent has on screen.
    const openPhone = "+15550000001";
    await page.goto(`${baseUrl}/inbox?c=bv-1`);
    await page
      .getByTestId("live-state")
      .and(page.locator('[data-state="live"]'))
      .waitFor({ timeout: 30_000 });
    await page.getByTestId("thread-title").waitFor();

    const intoThread: number[] = [];
    const newConversation: number[] = [];
    for (let i = 0; i < config.webhookSamples; i++) {
      const token = `bench-live-${randomUUID().slice(0, 8)}`;
      const newcomer = i % 2 === 1;
      const phone = newcomer ? `+1666${String(i).padStart(7, "0")}` : openPhone;
      const visible = whenVisible(
        page,
        newcomer ? '[data-testid="conversation-scroller"]' : '[data-testid="thread"]',
        token,
      );
      visible.catch(() => {}); // awaited below; an early rejection must not crash the run before cleanup
      const t0 = Date.now();
      await postInbound(phone, `Live message ${token}`);
      const ms = (await visible) - t0;
      (newcomer ? newConversation : intoThread).push(ms);
      await page.waitForTimeout(150); // let the refetch that followed settle before the next sample
    }
    return {
      intoThread: summarize(intoThread),
      newConversation: summarize(newConversation),
      all: summarize([...intoThread, ...newConversation]),
    };
  } finally {
    await browser.close();
  }
}

/**
 * Each API figure against the largest smaller run on record (bench/results/inbox-<conversations>.json): the growth
 * factor of its p95. Near 1 means it does not grow with the data (issue #18: 1x -> 10x).
 */
function printGrowth(api: (LatencySummary & { label: string })[]): void {
  const previous = previousRun<{ api: (LatencySummary & { label: string })[] }>(
    config.resultsDir,
    "inbox",
    config.conversations,
  );
  if (!previous) return;
  const { size: smaller, results: before } = previous;
  const rows = api.flatMap((r) => {
    const was = before.api.find((b) => b.label === r.label);
    return was ? [[r.label, fmtMs(was.p95), fmtMs(r.p95), `${(r.p95 / was.p95).toFixed(2)}x`]] : [];
  });
  console.log(
    `Growth from ${fmtInt(smaller)} to ${fmtInt(config.conversations)} conversations (${(config.conversations / smaller).toFixed(0)}x the data):`,
  );
  console.log(table(["API call", "p95 before", "p95 now", "growth"], rows));
  console.log("");
}

async function main() {
  const started = Date.now();
  await assertPostgresReachable(config.databaseUrl);
  await assertPortFree(config.port);
  await assertPortFree(config.simulatorPort);
  buildPrivateCopy();

  let server: AppServer | null = null;
  const stop = async () => {
    await server?.stop();
  };
  process.on("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    log(`starting the app on ${baseUrl} (database ${config.databaseUrl.replace(/^.*\//, "")})`);
    server = await startAppServer({
      root: config.copyDir,
      port: config.port,
      simulatorPort: config.simulatorPort,
      databaseUrl: config.databaseUrl,
      webhookSecret: config.webhookSecret,
      skipBuild: true, // built above, into a copy of our own
      source: "worktree",
      keepDatabase: config.reuse,
      onSpawned: (stopEarly) => {
        server ??= { stop: stopEarly } as AppServer;
      },
      readyTimeoutMs: 300_000,
      logFile: path.join(config.resultsDir, "inbox-server.log"),
      log,
    });

    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      if (config.reuse && (await seededWith(client))) log("BENCH_REUSE=1: the database is already seeded");
      else {
        if (config.reuse) log("BENCH_REUSE=1 but the database does not hold this seed: seeding");
        await seed(client);
      }
    } finally {
      await client.end();
    }

    const cookie = await signIn();
    log(`measuring the API (${config.requests} requests each, after 20 warm-up requests)`);
    const rnd = (n: number) => 1 + Math.floor(Math.random() * n);
    const firstPage = (await (
      await fetch(`${baseUrl}/api/conversations?status=OPEN`, { headers: { cookie } })
    ).json()) as { nextCursor: string };
    const api = [
      await timeRequests(
        "list: Open, first page (50)",
        cookie,
        () => "/api/conversations?status=OPEN",
        config.requests,
      ),
      await timeRequests(
        "list: Open, second page (cursor)",
        cookie,
        () => `/api/conversations?status=OPEN&cursor=${firstPage.nextCursor}`,
        config.requests,
      ),
      await timeRequests(
        "list: Mine, first page",
        cookie,
        () => "/api/conversations?status=OPEN&assignee=me",
        config.requests,
      ),
      await timeRequests(
        "thread: latest 100 messages",
        cookie,
        () => `/api/conversations/bv-${rnd(config.conversations)}/messages?limit=100`,
        config.requests,
      ),
      await timeRequests(
        "conversation header",
        cookie,
        () => `/api/conversations/bv-${rnd(config.conversations)}`,
        config.requests,
      ),
      await timeRequests(
        "tab counts",
        cookie,
        () => "/api/conversations/counts",
        Math.min(100, config.requests),
      ),
      await timeRequests(
        "search: message text",
        cookie,
        () => `/api/conversations?q=${encodeURIComponent(`#${rnd(config.conversations) * 100 + 7}`)}`,
        Math.min(100, config.requests),
      ),
      await timeRequests(
        "search: name",
        cookie,
        () => `/api/conversations?q=${encodeURIComponent(`Customer ${rnd(config.conversations)}`)}`,
        Math.min(100, config.requests),
      ),
    ];

    console.log("");
    console.log(
      `Inbox benchmark: ${fmtInt(config.conversations)} conversations, ${fmtInt(config.messages)} messages (${os.cpus().length} CPUs)`,
    );
    console.log("");
    console.log(
      table(
        ["API call (ms)", "p50", "p95", "p99", "max", "errors"],
        api.map((r) => [r.label, fmtMs(r.p50), fmtMs(r.p95), fmtMs(r.p99), fmtMs(r.max), String(r.errors)]),
      ),
    );
    console.log("");

    log(`measuring webhook-to-screen with Chromium (${config.webhookSamples} samples)`);
    const live = await webhookToScreen(cookie);
    console.log("");
    console.log(
      table(
        ["Webhook to screen (ms)", "p50", "p95", "max"],
        [
          [
            `into the open thread (${live.intoThread.n} samples)`,
            fmtMs(live.intoThread.p50),
            fmtMs(live.intoThread.p95),
            fmtMs(live.intoThread.max),
          ],
          [
            `new conversation in the list (${live.newConversation.n} samples)`,
            fmtMs(live.newConversation.p50),
            fmtMs(live.newConversation.p95),
            fmtMs(live.newConversation.max),
          ],
          [`all (${live.all.n} samples)`, fmtMs(live.all.p50), fmtMs(live.all.p95), fmtMs(live.all.max)],
        ],
      ),
    );
    console.log("");
    console.log("Targets: list/thread p95 < 50 ms; webhook-to-screen p95 < 500 ms (printed, not asserted).");
    mkdirSync(config.resultsDir, { recursive: true });
    const file = `inbox-${config.conversations}.json`;
    printGrowth(api);
    writeFileSync(
      path.join(config.resultsDir, file),
      JSON.stringify(
        {
          at: new Date().toISOString(),
          config: {
            conversations: config.conversations,
            messages: config.messages,
            requests: config.requests,
          },
          api,
          live,
        },
        null,
        2,
      ),
    );
    log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in bench/results/${file}`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[bench:inbox] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
