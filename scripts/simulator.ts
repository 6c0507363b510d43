// npm run simulator - the built-in Connectly simulator on loopback (see lib/connectly/simulator/README.md).
// Relative imports: tsx does not resolve the "@/" alias.
import { formatFailureRules } from "../lib/connectly/simulator/failures";
import { startSimulator } from "../lib/connectly/simulator/server";
import { scriptEnv, simulatorEnvSchema } from "./lib/script-env";

async function main(): Promise<void> {
  const env = scriptEnv(simulatorEnvSchema, "simulator");
  const apiKey = env.SIMULATOR_API_KEY;
  const webhookUrl = env.SIMULATOR_WEBHOOK_URL;
  const simulator = await startSimulator({
    port: env.SIMULATOR_PORT,
    host: env.SIMULATOR_HOST,
    apiKey,
    webhookUrl,
    webhookSecret: env.CONNECTLY_WEBHOOK_SECRET ?? "dev_webhook_secret",
    statusDelayMs: env.SIMULATOR_STATUS_DELAY_MS,
    profile: env.SIMULATOR_PROFILE,
    rateLimitPerSecond: env.SIMULATOR_RATE_LIMIT,
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
