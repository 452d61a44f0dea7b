import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { nextFire, parseCron } from "../lib/cron";
import { formatInZone, formatUtc } from "../lib/format-utc";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const SCHEDULES = [
  { window: "short", cron: "TZ=UTC 0 */4 * * *", words: "every 4 hours (00:00, 04:00, … UTC)" },
  { window: "medium", cron: "TZ=UTC 0 2 * * *", words: "daily at 02:00 UTC" },
  { window: "long", cron: "TZ=UTC 0 3 * * 0", words: "Sundays at 03:00 UTC" },
];

test("the Runs page lists each schedule with its types, next run in UTC and the organisation's zone, and who fires it", async ({
  page,
}) => {
  const [{ timezone }] = await query<{ timezone: string }>(
    "SELECT timezone FROM drift_settings WHERE id = 1",
  );
  const rules = await query<{ prediction_type: string; schedule_window: string }>(
    "SELECT prediction_type, schedule_window FROM labeling_rules WHERE enabled ORDER BY array_position(ARRAY['trigger','next_best_action','churn','market_share_impact','risk'], prediction_type::text)",
  );
  const before = new Date();
  await page.goto("/runs");
  const after = new Date();
  const panel = page.getByRole("region", { name: "Schedules" });
  await expect(panel.getByTestId("engine-status")).toContainText(
    "No Inngest server configured: the schedules do not fire by themselves here",
  );
  await expect(
    panel.getByRole("columnheader", { name: `Next run, organisation time (${timezone})` }),
  ).toBeVisible();
  for (const schedule of SCHEDULES) {
    const row = panel
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: schedule.window }) });
    const cells = row.getByRole("cell");
    await expect(cells.nth(0)).toHaveText(`${schedule.words} ${schedule.cron}`);
    await expect(cells.nth(1)).toHaveText(
      rules
        .filter((rule) => rule.schedule_window === schedule.window)
        .map((rule) => rule.prediction_type)
        .join(", "),
    );
    // The page was rendered between `before` and `after`; a fire time between them is either one.
    const next = [before, after].map((at) => nextFire(parseCron(schedule.cron), at));
    await expect(cells.nth(2)).toHaveText(new RegExp(`^(${next.map((at) => formatUtc(at)).join("|")})$`));
    await expect(cells.nth(3)).toHaveText(
      new RegExp(`^(${next.map((at) => formatInZone(at, timezone).replace("+", "\\+")).join("|")})$`),
    );
  }
});

test("a failed scheduled run is on the overview, with a link to the schedule", async ({ page }) => {
  const label = `cron:long · inngest e2e-${randomUUID().slice(0, 8)}`;
  const startedAt = new Date();
  await query(
    `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, triggered_by, status, started_at, finished_at, error_text)
     VALUES ('long', 'risk', $1, 'FAILED', $2, $2, 'e2e: the risk rule could not be read')`,
    [label, startedAt],
  );
  try {
    await page.goto("/");
    const notice = page.getByRole("alert").filter({ hasText: "The last scheduled" });
    await expect(notice).toHaveText(
      `The last scheduled long-window run (${formatUtc(startedAt)} UTC) failed. See the schedules on the Runs page.`,
    );
    await notice.getByRole("link", { name: "See the schedules on the Runs page" }).click();
    await expect(page).toHaveURL(/\/runs#schedules$/);
    const row = page
      .getByRole("region", { name: "Schedules" })
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "long" }) });
    await expect(row.getByRole("cell").nth(4)).toHaveText(
      `FAILED ${formatUtc(startedAt)} UTCe2e: the risk rule could not be read`,
    );
  } finally {
    await query("DELETE FROM feedback_loop_runs WHERE triggered_by = $1", [label]);
  }
});
