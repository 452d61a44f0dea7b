import { expect, test } from "@playwright/test";
import { DRIFT_SETTING_LABELS } from "../lib/settings/drift-settings-input";
import { storageStateOf } from "./support";

const RETENTION = "Keep run records (days)";

test.describe("as admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("edits a threshold, sees a wrong one named, and a save over a newer one refused", async ({
    page,
    context,
  }) => {
    await page.goto("/settings");
    const thresholds = page.getByRole("form", { name: "Drift thresholds" });
    const stale = await context.newPage();
    await stale.goto("/settings");

    // Run-record retention: a threshold the other journeys do not depend on; put back at the end.
    const original = await thresholds.getByLabel(RETENTION).inputValue();
    await thresholds.getByLabel(RETENTION).fill("91");
    await thresholds.getByRole("button", { name: "Save thresholds" }).click();
    await expect(thresholds.getByRole("status")).toHaveText(
      "Thresholds saved. The next drift analysis uses them.",
    );
    await page.reload();
    await expect(thresholds.getByLabel(RETENTION)).toHaveValue("91");
    // On the record: who, what, before → after.
    const change = page
      .getByRole("region", { name: "Recent changes" })
      .getByRole("row")
      .filter({ hasText: "runLogRetentionDays" })
      .first();
    await expect(change).toContainText("admin@driftwatch.local");
    await expect(change).toContainText("Thresholds changed");
    await expect(change).toContainText(`runLogRetentionDays: ${original} → 91`);

    await thresholds.getByLabel("Significance level (after Benjamini–Hochberg)").fill("five");
    await thresholds.getByRole("button", { name: "Save thresholds" }).click();
    await expect(thresholds.getByRole("alert")).toHaveText(
      "Significance level (after Benjamini–Hochberg): Enter a number",
    );
    await expect(thresholds.getByLabel("Significance level (after Benjamini–Hochberg)")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    // What was typed stays in the form to correct, not the stored values.
    await expect(thresholds.getByLabel("Significance level (after Benjamini–Hochberg)")).toHaveValue("five");

    // The page opened before the save: its save is refused, saying who saved in between.
    const staleForm = stale.getByRole("form", { name: "Drift thresholds" });
    await staleForm.getByRole("button", { name: "Save thresholds" }).click();
    await expect(staleForm.getByRole("alert")).toContainText(
      "The thresholds were changed by admin@driftwatch.local at ",
    );

    await page.reload();
    await thresholds.getByLabel(RETENTION).fill(original);
    await thresholds.getByRole("button", { name: "Save thresholds" }).click();
    await expect(thresholds.getByRole("status")).toHaveText(
      "Thresholds saved. The next drift analysis uses them.",
    );
  });

  test("a labeling rule with a wrong value is refused naming the field, and nothing changes", async ({
    page,
  }) => {
    await page.goto("/settings");
    await page.getByText(/^churn \(version \d+\)$/).click();
    const rule = page.getByRole("form", { name: "Labeling rule for churn" });
    await rule.getByLabel("Observation window (days)").fill("0");
    await rule.getByRole("button", { name: "Save the churn rule" }).click();
    await expect(rule.getByRole("alert")).toHaveText(/^Observation window \(days\): /);
    await expect(rule.getByLabel("Observation window (days)")).toHaveAttribute("aria-invalid", "true");
    await page.reload();
    await expect(
      page
        .getByRole("region", { name: "Labeling rules" })
        .getByRole("row")
        .filter({ hasText: /^churn/ })
        .getByRole("cell")
        .nth(1),
    ).toHaveText("90");
  });
});

test.describe("as admin, reference periods", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("pins a version's reference period, sees a wrong range named, and returns it to the default", async ({
    page,
  }) => {
    await page.goto("/settings");
    const references = page.getByRole("table", { name: "Reference periods" });
    const row = references.getByRole("row").filter({ hasText: "nba-2.0" });
    // The default, as the latest analysis used it: "reference: first 12 mature weeks (A – B)".
    const used = (await row.getByRole("cell").nth(2).textContent()) ?? "";
    const [, from, to] = used.match(/^reference: first \d+ mature weeks \((\S+) – (\S+)\)$/) ?? [];
    expect(from && to).toBeTruthy();
    await expect(row.getByRole("cell").nth(3)).toHaveText("no (default)");

    const form = page.getByRole("form", { name: "Pin a reference period" });
    await form.getByLabel("Model version").selectOption("next_best_action|nba-2.0");
    // A range that ends before it starts is refused, naming the field; what was typed stays.
    await form.getByLabel("Reference from (week of)").fill(to);
    await form.getByLabel("Reference to (week of)").fill(from);
    await form.getByRole("button", { name: "Pin reference period" }).click();
    await expect(form.getByRole("alert")).toHaveText("Reference to (week of): must be on or after the start");
    await expect(form.getByLabel("Reference to (week of)")).toHaveAttribute("aria-invalid", "true");

    await form.getByLabel("Reference from (week of)").fill(from);
    await form.getByLabel("Reference to (week of)").fill(to);
    await form.getByRole("button", { name: "Pin reference period" }).click();
    await expect(form.getByRole("status")).toHaveText(
      `next_best_action nba-2.0: reference pinned to the weeks of ${from} – ${to}. The next drift analysis compares with them.`,
    );
    await page.reload();
    await expect(row.getByRole("cell").nth(3)).toHaveText(`${from} – ${to}`);
    const pinned = page
      .getByRole("region", { name: "Recent changes" })
      .getByRole("row")
      .filter({ hasText: "Reference period pinned" })
      .first();
    await expect(pinned).toContainText("next_best_action nba-2.0");
    await expect(pinned).toContainText(`from: default → ${from}`);

    // Back to the default: the pin is gone and that too is on the record.
    await row.getByRole("button", { name: "Back to default" }).click();
    await expect(row.getByRole("cell").nth(3)).toHaveText("no (default)");
    await page.reload();
    await expect(
      page
        .getByRole("region", { name: "Recent changes" })
        .getByRole("row")
        .filter({ hasText: "Reference period back to default" })
        .first(),
    ).toContainText(`from: ${from} → default`);
  });
});

test.describe("as oncall", () => {
  test.use({ storageState: storageStateOf("oncall") });

  test("reads the rules and thresholds; there is nothing to edit", async ({ page }) => {
    await page.goto("/settings");
    await expect(
      page.getByText(
        "Only admin users can do this. Admins edit the labeling rules and drift thresholds here.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("form")).toHaveCount(0);
    // Each version's reference period is shown; pinning one is for admins.
    await expect(
      page
        .getByRole("table", { name: "Reference periods" })
        .getByRole("row")
        .filter({ hasText: "churn-4.1" })
        .getByRole("cell")
        .nth(2),
    ).toHaveText(/^reference: first \d+ mature weeks \(\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\)$/);
    await expect(page.getByRole("button", { name: "Pin reference period" })).toHaveCount(0);
    // Every threshold the admins edit, under the form's own labels, and the time zone.
    const table = page.getByRole("table", { name: "Drift thresholds" });
    await expect(table.getByRole("row")).toHaveCount(Object.keys(DRIFT_SETTING_LABELS).length + 1);
    await expect(
      table.getByRole("row", { name: "Accuracy drop that is critical (0.10 = 10 pts) 0.1" }),
    ).toBeVisible();
    await expect(table.getByRole("row", { name: /^Keep run records \(days\) \d+$/ })).toBeVisible();
  });
});
