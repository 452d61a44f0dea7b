import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });
test.describe.configure({ timeout: 90_000 });

test("analyst journey: churn's input drift → the feature that moved → its histogram against the reference → CSV, and the link survives a reload", async ({
  page,
}) => {
  await page.goto("/alerts");
  // The demo's input-drift alert names the feature (low: stored and shown, sent to no channel).
  await expect(page.getByText(/Input drift: churn churn-4\.1 — feature drift \(LOW\)/)).toBeVisible();

  await page.goto("/drift/churn");
  const section = page.getByRole("region", { name: "Inputs and outputs" });
  await expect(section).toBeVisible();
  const table = section.getByRole("table", { name: "Input and output drift of churn-4.1" });
  // The predicted value first, then the features by how far they moved: rep_visits_90d on top.
  await expect(table.getByRole("row").nth(1).getByRole("rowheader")).toHaveText("(predicted value)");
  await expect(table.getByRole("row").nth(2).getByRole("rowheader")).toHaveText("rep_visits_90d");
  await expect(table.getByRole("row").filter({ hasText: "expected_label" })).toContainText("(ignored)");

  await table.getByRole("link", { name: "rep_visits_90d" }).click();
  await expect(page).toHaveURL(/feature=rep_visits_90d/);
  await expect(
    section.getByRole("heading", { name: "rep_visits_90d: the week against the reference" }),
  ).toBeVisible();
  const histogram = section.getByRole("table", { name: "Histogram of rep_visits_90d" });
  await expect(histogram.getByRole("row", { name: /^≤ 0 / })).toBeVisible();

  await page.reload();
  await expect(section.getByRole("table", { name: "Histogram of rep_visits_90d" })).toBeVisible();

  const download = page.waitForEvent("download");
  await section.getByRole("link", { name: "Download CSV" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv.split("\r\n")[0]).toBe("type,model_version,feature,kind,week,psi,ignored,note");
  expect(csv).toContain("churn,churn-4.1,rep_visits_90d,numeric,");

  const violations = (await new AxeBuilder({ page }).include("#inputs-outputs").analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(violations).toEqual([]);
});

test("a bad week in the address is named, not a failure", async ({ page }) => {
  const response = await page.request.get("/api/drift/churn/inputs?version=churn-4.1&ioWeek=2026-11-24");
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({ error: { field: "ioWeek" } });
});
