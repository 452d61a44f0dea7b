import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

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
  // Above the finding table.
  const [chartBox, findingBox] = [
    await chart.boundingBox(),
    await page.getByRole("region", { name: "Finding" }).boundingBox(),
  ];
  expect(chartBox!.y).toBeLessThan(findingBox!.y);
});
