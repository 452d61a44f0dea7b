import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });
test.describe.configure({ timeout: 180_000 });

test("analyst journey: where churn's accuracy fell → a brand × region cell → every chart narrowed to it, in the URL, surviving a reload", async ({
  page,
}) => {
  await page.goto("/drift/churn");
  const where = page.getByRole("region", { name: "Where: segments of the change" });
  await expect(where.getByRole("table", { name: "Accuracy change per brand and region" })).toBeVisible();
  await expect(
    where.getByRole("table", { name: "What explains the change, by brand × region" }),
  ).toBeVisible();
  // The demo's drop is made in Norvexa · west (issue 20): the panel names it first.
  await expect(page.getByTestId("where-explanation")).toHaveText(
    /^\d+ % of the drop is in Norvexa · west, within-segment[.;]/,
  );
  const weekly = page.getByRole("table", { name: /^Weekly metrics of churn-4\.1/ });
  const before = (await weekly.locator("tbody tr").last().textContent()) ?? "";

  await where.getByRole("link", { name: /^Norvexa · west:/ }).click();
  await expect(page).toHaveURL(/brand=Norvexa&region=west/, { timeout: 30_000 });
  await expect(page.getByTestId("segment-filter")).toContainText("brand Norvexa, region west");
  // The weekly numbers (every chart's data) are the segment's now, not the version's.
  await expect(weekly.locator("tbody tr").last()).not.toHaveText(before);
  const filtered = (await weekly.locator("tbody tr").last().textContent()) ?? "";

  await page.reload();
  await expect(page.getByTestId("segment-filter")).toContainText("brand Norvexa, region west");
  await expect(weekly.locator("tbody tr").last()).toHaveText(filtered);
  await expect(where.getByRole("link", { name: /^Norvexa · west:/ })).toHaveAttribute("aria-current", "true");

  // By keyboard: another cell.
  await where.getByRole("link", { name: /^Calyptra · south:/ }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/brand=Calyptra&region=south/, { timeout: 30_000 });
  await expect(page.getByTestId("segment-filter")).toContainText("brand Calyptra, region south");

  await page.getByRole("link", { name: "Show all segments" }).click();
  await expect(page).not.toHaveURL(/brand=/, { timeout: 30_000 });
  await expect(page.getByTestId("segment-filter")).toHaveCount(0);
  await expect(weekly.locator("tbody tr").last()).toHaveText(before);

  const download = page.waitForEvent("download");
  await where.getByRole("link", { name: "Download CSV" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  expect(csv.split("\r\n")[0]).toMatch(
    /^type,model_version,week,baseline_from,baseline_to,dimension,segment,/,
  );
  expect(csv).toContain(",brand_region,Norvexa · west,");

  const violations = (await new AxeBuilder({ page }).include("#where").analyze()).violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  expect(violations).toEqual([]);
});

test("a segment the type never had is ignored and named; the API answers 400 naming the field", async ({
  page,
}) => {
  await page.goto("/drift/churn?brand=Nope");
  await expect(page.getByRole("alert").filter({ hasText: "brand" })).toContainText(
    'no predictions with brand "Nope"',
  );
  for (const { url, field } of [
    { url: "/api/drift/churn/segments?week=2026-11-24", field: "week" },
    { url: "/api/drift/churn/segments?version=nope", field: "version" },
    { url: "/api/drift/churn/metrics?brand=Nope", field: "brand" },
  ]) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(400);
    expect((await response.json()).error.field, url).toBe(field);
  }
});
