import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

// Issue 21's journey: an on-call person resolves an alert with a verdict, and the alert quality page
// counts it. It uses churn's feature drift alert, which no other journey changes.
const FEATURE_DRIFT = /churn churn-4\.1 — feature drift/;

test.describe("as oncall", () => {
  test.use({ storageState: storageStateOf("oncall") });

  test("resolve an alert with a verdict; the alert quality page shows it in the precision of its finding", async ({
    page,
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
