import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

// Issue 21: paged on a phone, the on-call person sees the firing alerts first, the filters folded,
// and can tick an alert and reach "Acknowledge" within one scroll. It does not acknowledge: the
// desktop journeys act on the demo's alerts.
test.use({ storageState: storageStateOf("oncall"), viewport: { width: 390, height: 844 } });

test("on a phone the inbox shows firing alerts first with the filters folded, acknowledge within one scroll", async ({
  page,
}) => {
  await page.goto("/alerts");
  const filters = page.getByRole("form", { name: "Filter alerts" });
  await expect(page.getByText("Filters", { exact: true })).toBeVisible();
  await expect(filters.getByLabel("Severity")).toBeHidden();

  const list = page.getByRole("region", { name: "Alerts" });
  const first = list.getByRole("row").nth(1);
  await expect(first.getByRole("cell").nth(2)).toHaveText(/^firing/);
  // Within one scroll: the first firing alert starts less than two screen heights down the page.
  const box = (await first.boundingBox())!;
  expect(box.y + box.height).toBeLessThan(2 * 844);
  // Nothing wider than the phone: no sideways scrolling to reach the checkbox.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await first.getByRole("checkbox").check();
  const acknowledge = page.getByRole("button", { name: "Acknowledge selected (1)" });
  await expect(acknowledge).toBeEnabled();
  await expect(acknowledge).toBeInViewport();

  // A tap unfolds the filters.
  await page.getByText("Filters", { exact: true }).click();
  await expect(filters.getByLabel("Severity")).toBeVisible();
});
