import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.describe("as admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("Run now labels the short window in-process and the runs appear, started by the admin", async ({
    page,
  }) => {
    await page.goto("/runs");
    await page.getByRole("button", { name: "Run short window now" }).click();
    // The run uses the real clock, which is past the demo's: whatever became ready since is labeled.
    await expect(page.getByRole("status")).toHaveText(
      /^short window: 2 type\(s\), [\d,]+ prediction\(s\) evaluated; .+; 0 notification\(s\) sent\.$/,
      { timeout: 60_000 },
    );
    await page.reload();
    const mine = page.getByRole("row").filter({ hasText: "manual:admin@driftwatch.local" });
    for (const type of ["trigger", "next_best_action"]) {
      await expect(
        mine.filter({ has: page.getByRole("cell", { name: type, exact: true }) }).first(),
      ).toContainText(/COMPLETED|SKIPPED/);
    }
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("Run now is disabled with the reason", async ({ page }) => {
    await page.goto("/runs");
    for (const window of ["short", "medium", "long"])
      await expect(page.getByRole("button", { name: `Run ${window} window now` })).toBeDisabled();
    await expect(page.getByText("Only admin users can do this. You are signed in as viewer.")).toBeVisible();
  });
});
