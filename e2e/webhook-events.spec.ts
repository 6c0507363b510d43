import { createHmac } from "node:crypto";
import { expect } from "@playwright/test";
import { test } from "./fixtures";

const SECRET = "e2e_webhook_secret"; // playwright.config.ts webServer env

test("a signed webhook that fails validation is kept and shown to admins with its reason", async ({
  page,
  request,
}) => {
  const raw = JSON.stringify({
    topic: "delivery_status",
    timestamp: "1718031200",
    statusUpdate: { id: `01E2E${Date.now()}`, status: "teleported" },
  });
  const signature = createHmac("sha256", SECRET).update(raw).digest("base64");
  const res = await request.post("/api/webhooks/connectly", {
    headers: { "content-type": "text/plain; charset=utf-8", "x-connectly-hmac-sha256": signature },
    data: raw,
  });
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { state: string }).state).toBe("INVALID");

  const unsigned = await request.post("/api/webhooks/connectly", {
    headers: { "content-type": "text/plain" },
    data: raw,
  });
  expect(unsigned.status()).toBe(401);

  await page.goto("/webhook-events?state=INVALID");
  const row = page.getByTestId("webhook-event").filter({ hasText: "teleported" });
  await expect(row).toHaveAttribute("data-state", "INVALID");
  await expect(row).toContainText(/status/i);
});
