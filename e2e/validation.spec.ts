import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });

test("a viewer filters failures by category, opens one, and follows a similar past failure", async ({
  page,
}) => {
  await page.goto("/validation");
  await expect(page.getByRole("heading", { name: "Validation", level: 1 })).toBeVisible();

  await page.getByLabel("Category", { exact: true }).selectOption("spurious_correlation");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/\/validation\?category=spurious_correlation$/);

  const patterns = page.getByRole("table", { name: "Failure patterns by category and test" });
  await expect(patterns.getByRole("row")).toHaveCount(2);
  await expect(patterns.getByRole("row").nth(1).getByRole("cell").first()).toHaveText("spurious_correlation");
  await expect(page.locator(".recharts-surface").first()).toBeVisible();

  const failures = page.getByRole("region", { name: "Failures" }).getByRole("table");
  const rows = failures.getByRole("row");
  await expect(rows.nth(1)).toBeVisible();
  for (const categories of await rows.locator("td:last-child").allTextContents())
    expect(categories).toContain("spurious_correlation");

  const first = rows.nth(1).getByRole("link");
  const estimate = (await first.textContent())!;
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(estimate);
  await expect(
    page.getByRole("article", { name: /^spurious_correlation: placebo_treatment$/ }),
  ).toBeVisible();

  await page.getByText("Show the validator's JSON").click();
  await expect(page.locator("pre")).toContainText('"test_results"');

  const similar = page.getByRole("table", { name: "Similar past failures" }).getByRole("row");
  await expect(similar.nth(1)).toBeVisible();
  const score = Number(await similar.nth(1).getByRole("cell").first().textContent());
  expect(score).toBeGreaterThanOrEqual(1);
  const next = similar.nth(1).getByRole("link");
  const nextEstimate = (await next.textContent())!;
  expect(nextEstimate).not.toBe(estimate);
  await next.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(nextEstimate);
  await expect(page).toHaveURL(/\/validation\/[0-9a-f-]{36}$/);
});

test("an unknown outcome id shows a not-found page", async ({ page }) => {
  await page.goto("/validation/00000000-0000-4000-8000-000000000000");
  await expect(page.getByRole("heading", { name: "Validation outcome not found" })).toBeVisible();
});
