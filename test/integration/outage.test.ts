import { PrismaPg } from "@prisma/adapter-pg";
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "../../app/api/webhooks/connectly/route";
import { PrismaClient } from "../../lib/generated/prisma/client";
import { db } from "../../lib/db";
import { truncateAll, uniquePhone, unixSeconds, webhookRequest } from "./helpers";

// The process-wide Prisma client lives on globalThis (lib/db.ts); pointing it at a port nobody listens on is a
// real connection failure, without stopping the shared test server.
const holder = globalThis as unknown as { prisma?: PrismaClient };

describe("database outage", () => {
  let saved: PrismaClient | undefined;
  afterEach(() => {
    if (saved) holder.prisma = saved;
  });

  it("answers 503 so Connectly retries, and the retried delivery is stored", async () => {
    await truncateAll();
    const body = {
      timestamp: unixSeconds(),
      sender: { id: uniquePhone(), channelType: "whatsapp" },
      recipient: { id: "+14155550100" },
      message: { id: "01OUTAGE", text: "are you there?" },
    };

    saved = holder.prisma;
    holder.prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: "postgresql://postgres@127.0.0.1:1/none" }),
    });
    const during = await POST(webhookRequest(body));
    expect(during.status).toBe(503);
    expect(during.headers.get("retry-after")).toBeTruthy();

    holder.prisma = saved;
    saved = undefined;
    const after = await POST(webhookRequest(body));
    expect(after.status).toBe(200);
    expect(await db.message.count()).toBe(1);
  });
});
