import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

const CHURN = "Concept drift: churn churn-4.1 — accuracy degradation (CRITICAL)";
const NBA = /Concept drift: next_best_action nba-1\.8 — calibration drift/;

test.use({ storageState: storageStateOf("viewer") });

test("the alert page draws the finding's metric around its week above the finding table", async ({
  page,
}) => {
  await page.goto("/alerts");
  await page.getByRole("link", { name: NBA }).first().click();
  const chart = page.getByTestId("alert-chart");
  await expect(chart.getByRole("heading", { level: 2 })).toHaveText(
    /^ECE \(raw\) per week around \d{4}-\d{2}-\d{2}$/,
  );
  await expect(chart.locator(".recharts-surface").first()).toBeVisible();
  await expect(chart.getByText(/^The weekly ECE drawn is the raw one/)).toBeVisible();
  await expect(chart.getByText("this alert", { exact: true })).toBeVisible();
  // The raw weekly ECE sits on another scale than the debiased one compared: no baseline or threshold line.
  await expect(chart.getByText(/^(baseline|threshold) /)).toHaveCount(0);
  // Above the finding table.
  const [chartBox, findingBox] = [
    await chart.boundingBox(),
    await page.getByRole("region", { name: "Finding" }).boundingBox(),
  ];
  expect(chartBox!.y).toBeLessThan(findingBox!.y);
});

test("an accuracy alert's chart draws the baseline and the threshold it was judged against", async ({
  page,
}) => {
  await page.goto("/alerts?type=churn");
  await page.getByRole("link", { name: CHURN }).first().click();
  const chart = page.getByTestId("alert-chart");
  await expect(chart.getByRole("heading", { level: 2 })).toHaveText(
    /^accuracy per week around \d{4}-\d{2}-\d{2}$/,
  );
  await expect(chart.getByText(/^baseline \d+\.\d%$/)).toBeVisible();
  await expect(chart.getByText(/^threshold \d+\.\d%$/)).toBeVisible();
});
