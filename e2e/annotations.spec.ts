import { expect, test } from "@playwright/test";
import pg from "pg";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("analyst") });
test.describe.configure({ timeout: 90_000 });

/** A Wednesday inside risk's latest mature week of its primary version, read from the database the app serves. */
async function aRiskWeek() {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ week: string; wednesday: string }>(
      `SELECT to_char(prediction_week, 'YYYY-MM-DD') AS week, to_char(prediction_week + 2, 'YYYY-MM-DD') AS wednesday
       FROM v_concept_drift_metrics WHERE prediction_type = 'risk' AND maturity = 'mature' AND accuracy IS NOT NULL
       ORDER BY prediction_week DESC LIMIT 1`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

test("an analyst annotates a week and sees the marker on the charts; a viewer reads it and cannot write", async ({
  page,
  browser,
}) => {
  const { week, wednesday } = await aRiskWeek();
  const note = `formulary ${Date.now() % 100000}`;
  await page.goto("/drift/risk");
  const panel = page.getByTestId("annotations-panel");
  const form = panel.getByRole("form", { name: "Add an annotation" });
  // A blank note is refused by the server, naming the field.
  await form.getByLabel("Day").fill(wednesday);
  await form.getByLabel("Note").fill("   ");
  await form.getByRole("button", { name: "Add annotation" }).click();
  await expect(panel.getByRole("alert")).toHaveText("note: Write the note first");
  await expect(form.getByLabel("Note")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Note").fill(note);
  await form.getByLabel("Region (optional)").fill("West");
  await form.getByRole("button", { name: "Add annotation" }).click();
  await expect(panel.getByRole("status")).toHaveText(`Annotated ${wednesday}: ${note}`);
  const row = panel.getByRole("row").filter({ hasText: note });
  await expect(row).toContainText(wednesday);
  await expect(row).toContainText("West");
  await expect(row).toContainText("analyst@driftwatch.local");
  // The marker sits on the week (its Monday) of every chart of the type.
  for (const chart of ["accuracy-panel", "calibration-panel", "brier-panel", "maturity-panel"])
    await expect(page.getByTestId(chart).getByText(note)).toHaveCount(1);
  expect(week <= wednesday).toBe(true);

  // A viewer sees the note and its marker, has no form, and the API refuses them with 403.
  const viewerContext = await browser.newContext({ storageState: storageStateOf("viewer") });
  const viewer = await viewerContext.newPage();
  await viewer.goto("/drift/risk");
  const theirs = viewer.getByTestId("annotations-panel");
  await expect(theirs.getByRole("row").filter({ hasText: note })).toBeVisible();
  await expect(viewer.getByTestId("accuracy-panel").getByText(note)).toHaveCount(1);
  await expect(theirs.getByRole("form")).toHaveCount(0);
  await expect(theirs.getByRole("button", { name: /^Delete/ })).toHaveCount(0);
  await expect(theirs).toContainText(
    "Only analyst, oncall and admin users can do this. You are signed in as viewer.",
  );
  const refused = await viewer.request.post("/api/annotations", {
    data: { predictionType: "risk", day: wednesday, note: "viewer's" },
  });
  expect(refused.status()).toBe(403);
  await viewerContext.close();

  // Its author deletes it; the marker goes.
  await row.getByRole("button", { name: `Delete the annotation of ${wednesday}` }).click();
  await expect(panel.getByRole("status")).toHaveText(`Deleted the annotation of ${wednesday}.`);
  await expect(page.getByTestId("accuracy-panel").getByText(note)).toHaveCount(0);
});
