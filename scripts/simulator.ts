// npm run simulator - the built-in Connectly simulator on loopback (see lib/connectly/simulator/README.md).
// Relative imports: tsx does not resolve the "@/" alias.
import { formatFailureRules } from "../lib/connectly/simulator/failures";
import { parseProfile } from "../lib/connectly/simulator/profiles";
import { startSimulator } from "../lib/connectly/simulator/server";

function numberFromEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

async function main(): Promise<void> {
  const apiKey = process.env.SIMULATOR_API_KEY || "sim_test_key";
  const webhookUrl = process.env.SIMULATOR_WEBHOOK_URL || "http://127.0.0.1:3000/api/webhooks/connectly";
  const simulator = await startSimulator({
    port: numberFromEnv("SIMULATOR_PORT") ?? 4010,
    host: process.env.SIMULATOR_HOST || "127.0.0.1",
    apiKey,
    webhookUrl,
    webhookSecret: process.env.CONNECTLY_WEBHOOK_SECRET || "dev_webhook_secret",
    statusDelayMs: numberFromEnv("SIMULATOR_STATUS_DELAY_MS"),
    profile: parseProfile(process.env.SIMULATOR_PROFILE),
    rateLimitPerSecond: numberFromEnv("SIMULATOR_RATE_LIMIT"),
    log: (line) => console.log(`[simulator] ${line}`),
  });

  console.log(`
Connectly simulator: ${simulator.url}
  API key:   ${apiKey}   (header X-API-Key)
  Webhooks:  ${webhookUrl}
  Control:   ${simulator.url}/sim/health, /sim/inbound, /sim/sent, /sim/webhooks, /sim/reset

Outcome by the last two digits of the recipient number:
${formatFailureRules()}
`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[simulator] ${signal}: shutting down`);
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
