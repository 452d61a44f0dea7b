import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });

test("the demo's drift analysis left the churn and next-best-action alerts, firing", async ({ page }) => {
  await page.goto("/alerts");
  const table = page.getByRole("table");
  const churn = table.getByRole("row").filter({ hasText: "Concept drift: churn churn-4.1 — accuracy degradation (CRITICAL)" });
  await expect(churn).toHaveCount(1);
  await expect(churn.getByRole("cell").nth(1)).toHaveText("firing");
  await expect(table.getByRole("row").filter({ hasText: "Concept drift: next_best_action nba-1.8 — calibration drift" })).toHaveCount(1);
  await expect(table.getByRole("row")).toHaveCount(3);
});
