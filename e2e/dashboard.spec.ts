import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import pg from "pg";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });
// Charts draw after hydration and axe reads every node: slow on a busy 2-core machine.
test.describe.configure({ timeout: 90_000 });

/** The churn weeks of churn-4.1 in the drift view, read straight from the database the app serves. */
async function churnWeeks() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ week: string; accuracy: number | null; maturity: string }>(
      `SELECT to_char(prediction_week, 'YYYY-MM-DD') AS week, accuracy, maturity FROM v_concept_drift_metrics
       WHERE prediction_type = 'churn' AND model_version = 'churn-4.1' ORDER BY prediction_week`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

test("analyst journey: churn in ALERT on the overview → its accuracy chart → a week's reliability diagram → CSV", async ({
  page,
}) => {
  const weeks = await churnWeeks();
  const labeled = weeks.filter((week) => week.accuracy !== null);
  const latestMature = weeks.filter((week) => week.maturity === "mature").at(-1)!;

  await page.goto("/");
  const card = page.getByRole("article", { name: "churn" });
  await expect(card.getByText("ALERT", { exact: true })).toBeVisible();
  await expect(card).toContainText("churn-4.1 accuracy degradation");
  // Issue 17: the nowcast of the recent immature weeks beside the latest mature week.
  await expect(card.getByText("Estimated now")).toBeVisible();
  await expect(page.getByText("organisation time zone, UTC")).toBeVisible();
  await card.getByRole("link", { name: "churn" }).click();

  await expect(page).toHaveURL(/\/drift\/churn$/);
  const accuracy = page.getByTestId("accuracy-panel");
  await expect(accuracy.locator(".week-point-0")).toHaveCount(labeled.length);
  await expect(accuracy.locator(".week-point-provisional")).toHaveCount(
    labeled.filter((week) => week.maturity === "provisional").length,
  );
  await expect(accuracy.getByText(/^alert below /)).toBeVisible();
  // The provisional weeks carry the nowcast: a dashed line named with the share of labels decided.
  await expect(accuracy.getByText(/^churn-4\.1 estimated — \d+% of labels decided$/)).toBeVisible();
  await expect(
    page.getByText(/churn-4\.1 accuracy degradation \(week of .*\): vs reference: accuracy .* vs .*drop/),
  ).toBeVisible();

  // Before any choice, the reliability diagram is the latest mature week's (the week the findings judge).
  const reliability = page.getByTestId("reliability");
  await expect(page.getByLabel("Week of the reliability diagram")).toHaveValue(latestMature.week);
  await expect(reliability.locator(".recharts-scatter-symbol").first()).toBeVisible();
  const earlier = weeks.filter((week) => week.maturity === "mature").at(-2)!;
  await page.getByLabel("Week of the reliability diagram").selectOption(earlier.week);
  await expect(page).toHaveURL(new RegExp(`week=${earlier.week}`));
  await page.getByLabel("Week of the reliability diagram").selectOption(latestMature.week);
  await expect(page).toHaveURL(new RegExp(`week=${latestMature.week}`));
  await expect(reliability.locator(".recharts-scatter-symbol").first()).toBeVisible();
  await expect(reliability.getByRole("row")).toHaveCount(11);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const lines = readFileSync(await (await download).path(), "utf8")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toBe(
    "week,model_version,maturity,sample_size,accuracy,accuracy_ci_low,accuracy_ci_high,ece,calibration_in_the_large,positive_rate,mean_predicted,brier_score,estimated_accuracy,estimated_accuracy_low,estimated_accuracy_high,decided_share,ece_low,ece_high,equal_mass_ece,equal_mass_ece_low,equal_mass_ece_high,brier_reliability,brier_reliability_low,brier_reliability_high,brier_resolution,brier_resolution_low,brier_resolution_high,brier_uncertainty,brier_within_bin,label_coverage,total,pending,excluded,indeterminate",
  );
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(weeks.map((week) => week.week));
  // Estimate, its 90% interval and the decided share: filled on provisional weeks only.
  const estimated = lines.slice(1).map((line) => line.split(",")[12] !== "");
  expect(estimated).toEqual(weeks.map((week) => week.maturity === "provisional"));

  await page.reload();
  await expect(page.getByLabel("Week of the reliability diagram")).toHaveValue(latestMature.week);
});

test("overlaying a second version is part of the link", async ({ page }) => {
  await page.goto("/drift/next_best_action");
  await page.getByLabel("Overlay version").selectOption("nba-2.0");
  await expect(page).toHaveURL(/compare=nba-2\.0/);
  await expect(page.getByTestId("accuracy-panel").locator(".week-point-1").first()).toBeVisible();
  await expect(
    page.getByTestId("weekly-table").getByRole("row").filter({ hasText: "nba-2.0" }).first(),
  ).toBeVisible();
});

test("market_share_impact shows MAE and direction accuracy instead of accuracy", async ({ page }) => {
  await page.goto("/drift/market_share_impact");
  await expect(page.getByRole("heading", { name: "Direction accuracy per week" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mean absolute error per week" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Accuracy per week", exact: true })).toHaveCount(0);
});

test("the route handlers answer bad query parameters with 400 and the field", async ({ page }) => {
  const cases = [
    { url: "/api/drift/fraud/metrics", field: "type" },
    { url: "/api/drift/churn/metrics?from=2026-06-01&to=2026-01-05", field: "from" },
    { url: "/api/drift/churn/reliability?version=churn-4.1&week=2026-13-45", field: "week" },
    { url: "/api/runs?status=DONE", field: "status" },
  ];
  for (const { url, field } of cases) {
    const response = await page.request.get(url);
    expect(response.status(), url).toBe(400);
    expect((await response.json()).error.field, url).toBe(field);
  }
});

test("runs can be filtered by window, type and status, with durations", async ({ page }) => {
  await page.goto("/runs");
  await page.getByLabel("Type").selectOption("churn");
  await page.getByLabel("Status").selectOption("COMPLETED");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/type=churn/);
  const rows = page.getByTestId("runs-table").getByRole("row");
  await expect(rows.nth(1)).toContainText("churn");
  await expect(rows.nth(1)).toContainText(/\d+(\.\d)? (ms|s)|min/);
  for (const row of await rows.all()) await expect(row).not.toContainText("next_best_action");
});

test("the overview has no serious or critical accessibility violation", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("article", { name: "churn" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("the drift page, charts and reliability diagram drawn, has no serious or critical accessibility violation", async ({
  page,
}) => {
  await page.goto(
    "/drift/churn?week=" + (await churnWeeks()).filter((week) => week.maturity === "mature").at(-1)!.week,
  );
  await expect(page.getByTestId("reliability").locator(".recharts-scatter-symbol").first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});

test("a mistyped drift link is a 404 that lists the types", async ({ page }) => {
  const response = await page.goto("/drift/not-a-type");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("No such prediction type");
  await page.getByRole("link", { name: "churn", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Drift: churn");
});
