import { expect, type Page } from "@playwright/test";
import { test, SIMULATOR, sentRequests } from "./fixtures";

// A Connectly flow campaign from a CSV, end to end in the browser: the builder's flow kind (name, variables, the
// column mapping), the review, the launch, the live progress, and the analytics funnel showing the flow's
// messages delivered (statuses attributed through the flow's name), then Connectly's campaign report run for the
// flow (its rows name the flow, as its sends did) imported from the report webhook: the funnel's Clicked stage.
// Screenshots of the builder go to the notes.

const SHOTS = "/work/wt/_notes/shots";

async function shoot(page: Page, name: string) {
  const original = page.viewportSize();
  for (const [label, size] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${SHOTS}/flows-${name}-${label}.png` });
  }
  if (original) await page.setViewportSize(original);
}

test("builds a flow campaign from a CSV, launches it and shows it delivered in analytics", async ({
  page,
  request,
}) => {
  test.setTimeout(270_000); // the whole builder, a send, a report import and the analytics page, on a shared machine
  const run = `${2 + (Date.now() % 8)}${String(Date.now()).slice(-4)}`;
  const name = `E2E flow ${run}`;
  const phones = [1, 2, 3].map((i) => `+1415${run.slice(0, 3)}${run.slice(3, 5)}${i}0`);
  const csv = ["Name,Phone", ...phones.map((p, i) => `Flow customer ${i + 1},${p}`)].join("\n");

  await page.goto("/campaigns");
  await page.getByRole("link", { name: "New campaign" }).first().click();
  await page.getByLabel("Campaign name").fill(name);
  await page.getByRole("radio", { name: /Connectly flow/ }).check();
  await shoot(page, "kind");
  await page.getByRole("button", { name: "Continue" }).click();

  // The second step names the flow instead of a template.
  await expect(
    page.getByRole("button", { name: /Flow/ }).and(page.locator("[aria-current=step]")),
  ).toBeVisible();
  await page.getByLabel("Flow name").fill("welcome_flow");
  await page.getByLabel(/Flow variables/).fill("first_name");
  await shoot(page, "step");
  await page.getByRole("button", { name: "Continue" }).click();

  await page
    .getByLabel("CSV file")
    .setInputFiles({ name: "flow.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await expect(page.getByLabel("Phone number or BSUID column")).toHaveValue("Phone");
  await page.getByRole("button", { name: "Continue to variables" }).click();

  await expect(page.getByRole("heading", { name: "Fill in the flow's variables" })).toBeVisible();
  await page.getByLabel("Value from").selectOption("column:Name");
  await expect(page.getByLabel(/Start time per recipient/)).toHaveValue("");
  await shoot(page, "variables");
  await page.getByRole("button", { name: "Import and check the rows" }).click();
  await expect(page.getByTestId("import-result")).toContainText("3 of 3 rows added");
  await page.getByRole("button", { name: "Continue to review" }).click();

  await expect(page.getByTestId("review-recipients")).toHaveText("3");
  await expect(page.getByTestId("flow-values").first()).toContainText("Flow customer 1");
  await page.getByRole("button", { name: "Send to 3 recipients" }).click();
  const confirm = page.getByRole("dialog", { name: "Send to 3 recipients now?" });
  await confirm.getByRole("button", { name: "Send to 3" }).click();

  await expect(page).toHaveURL(/\/campaigns\/(?!new)[^/?]+$/);
  const id = new URL(page.url()).pathname.split("/").at(-1)!;
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByText("Flow welcome_flow · latest version")).toBeVisible();
  await expect(page.getByTestId("campaign-status")).toHaveAttribute("data-status", "COMPLETED", {
    timeout: 15_000,
  });
  await expect(page.getByTestId("campaign-progress-text")).toContainText("3 of 3 processed");
  await expect(page.getByTestId("count-READ")).toContainText("3", { timeout: 15_000 });

  // One sendout request carried the three entries, each with its variables.
  const entries = (await sentRequests(request))
    .filter((r) => r.endpoint === "campaigns")
    .flatMap(
      (r) =>
        (r.body.entries as { client: string; campaignName: string; variables?: Record<string, string> }[]) ??
        [],
    )
    .filter((e) => phones.includes(e.client));
  expect(entries.map((e) => e.client).sort()).toEqual([...phones].sort());
  expect(
    entries.every(
      (e) => e.campaignName === "welcome_flow" && e.variables?.first_name?.startsWith("Flow customer"),
    ),
  ).toBe(true);

  // The analytics funnel counts the flow's deliveries.
  await page.goto(`/analytics/campaigns/${id}`);
  await expect(page.getByRole("heading", { name })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("funnel-total")).toHaveText("3");
  await expect(page.getByTestId("funnel-delivered")).toHaveText("3");
  await expect(page.getByTestId("funnel-failed")).toHaveText("0");

  // Connectly's report run for the flow: customers 1 and 2 clicked. Its rows carry the flow's name, as the sendout's
  // entries did; the report webhook reaches the app, which imports the CSV in the background.
  const completed = await request.post(`${SIMULATOR}/sim/reports/complete`, {
    data: {
      campaignName: "welcome_flow",
      reportId: `rep_flow_${run}`,
      clicks: [
        { to: phones[0], links: 1 },
        { to: phones[1], buttons: 2 },
      ],
    },
  });
  expect(completed.ok()).toBe(true);
  expect(((await completed.json()) as { delivery: { status: number | null } }).delivery.status).toBe(200);
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("funnel-total")).toHaveText("3", { timeout: 20_000 });
    await expect(page.getByTestId("funnel-clicked")).toHaveText("2", { timeout: 3_000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId("funnel-clicked-rate")).toHaveText("66.7%");
});
