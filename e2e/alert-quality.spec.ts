import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

// Issue 21's journey: an on-call person resolves an alert with a verdict, an analyst annotates its
// week, and the alert quality page shows both. It uses churn's feature drift alert, which no other
// journey changes.
const FEATURE_DRIFT = /churn churn-4\.1 — feature drift/;

/** The Wednesday of the week whose Monday is `monday` (YYYY-MM-DD). */
const wednesdayOf = (monday: string) =>
  new Date(Date.parse(`${monday}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);

test.describe("as oncall, then analyst", () => {
  test.use({ storageState: storageStateOf("oncall") });
  test.describe.configure({ timeout: 90_000 });

  test("an oncall resolves with a verdict, an analyst annotates the week, the alert quality page shows both", async ({
    page,
    browser,
  }) => {
    // The period in the address covers the demo's whole history (at most 366 days).
    const period = "from=2026-01-01&to=2026-12-31";
    await page.goto("/alerts?state=open&type=churn");
    await page.getByRole("link", { name: FEATURE_DRIFT }).click();
    await page
      .getByLabel("Resolve — what was done (required)")
      .fill("rep_visits_90d moved with the West launch");
    await page.getByLabel("Verdict (required)").selectOption("real_drift");
    await page.getByRole("button", { name: "Resolve" }).click();
    await expect(page.getByRole("status")).toHaveText("Resolved.");
    await expect(
      page
        .getByRole("region", { name: "Timeline" })
        .getByRole("listitem")
        .filter({ hasText: "verdict: real drift" }),
    ).toHaveCount(1);
    const alertUrl = page.url();
    const week = ((await page.getByRole("link", { name: / on the drift chart$/ }).textContent()) ?? "").slice(
      0,
      10,
    );
    expect(week).toMatch(/^2026-\d\d-\d\d$/);

    // An analyst annotates that week on churn's drift page.
    const note = `launch in West ${Date.now() % 100000}`;
    const day = wednesdayOf(week);
    const analystContext = await browser.newContext({ storageState: storageStateOf("analyst") });
    const analyst = await analystContext.newPage();
    await analyst.goto("/drift/churn");
    const panel = analyst.getByTestId("annotations-panel");
    const form = panel.getByRole("form", { name: "Add an annotation" });
    await form.getByLabel("Day").fill(day);
    await form.getByLabel("Note").fill(note);
    await form.getByLabel("Region (optional)").fill("West");
    await form.getByRole("button", { name: "Add annotation" }).click();
    await expect(panel.getByRole("status")).toHaveText(`Annotated ${day}: ${note}`);

    // The analyst reads both on the alert quality page: the annotation in the list and on the chart.
    await analyst.goto(`/alert-quality?from=2026-01-01&to=2026-12-31`);
    const annotations = analyst.getByRole("table", { name: "Annotations of the period" });
    const annotated = annotations.getByRole("row").filter({ hasText: note });
    await expect(annotated.getByRole("cell")).toHaveText([
      day,
      "churn",
      "West",
      note,
      "analyst@driftwatch.local",
    ]);
    await expect(analyst.getByRole("region", { name: "Per week" }).getByText(`✎ churn: ${note}`)).toHaveCount(
      1,
    );
    await analystContext.close();
    // The alert's page quotes the annotation of its cohort week.
    await page.goto(alertUrl);
    await expect(page.getByRole("list", { name: "Annotations of the cohort week" })).toContainText(
      `${note} on ${day} (West)`,
    );

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alert quality" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alert quality");
    await page.goto(`/alert-quality?${period}`);
    const row = page
      .getByRole("table", { name: "Alert quality per finding and type" })
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "feature drift", exact: true }) })
      .filter({ has: page.getByRole("cell", { name: "churn", exact: true }) });
    await expect(row).toHaveCount(1);
    // Raised once, judged once, real drift: precision 100 % (1/1), resolved (n = 1).
    await expect(row.getByRole("cell").nth(2)).toHaveText("1");
    await expect(row.getByRole("cell").nth(3)).toHaveText("1 (100%)");
    await expect(row.getByRole("cell").nth(4)).toHaveText("100% (1/1)");
    await expect(row.getByRole("cell").nth(6)).toContainText("(n = 1)");
    await expect(row.getByRole("cell").nth(8)).toContainText("featureDriftPsi = 0.2");
    // The chart is drawn (after hydration) and the CSV has the same numbers.
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    const csv = await (await page.request.get(`/api/alert-quality?${period}`)).text();
    expect(csv.split("\r\n").find((line) => line.startsWith("feature_drift,churn,"))).toMatch(
      /^feature_drift,churn,1,1,1,1,1,/,
    );
    // Settings shows the threshold's record beside it.
    await page.goto("/settings");
    await expect(
      page
        .getByRole("table", { name: "Drift thresholds" })
        .getByRole("row", { name: /^Input drift: PSI of a feature that alerts/ }),
    ).toContainText("feature drift: precision 100% (1 of 1 with a verdict; 1 raised) — last 90 days");
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("reads the alert quality page; a bad period is ignored and said so; an empty one says why", async ({
    page,
  }) => {
    await page.goto("/alert-quality?from=2026-02-30");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alert quality");
    await expect(page.getByText("Ignored a filter in the address: from: is not a real date")).toBeVisible();
    await page.goto("/alert-quality?from=2020-01-01&to=2020-01-31");
    await expect(page.getByRole("heading", { name: "No alerts in this period" })).toBeVisible();
    const response = await page.request.get("/api/alert-quality?from=2026-01-02&to=2026-01-01");
    expect(response.status()).toBe(400);
    expect((await response.json()).error.field).toBe("from");
  });
});
