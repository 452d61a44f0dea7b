import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.use({ storageState: storageStateOf("viewer") });
test.describe.configure({ timeout: 90_000 });

const WARNING = "Concept drift: trigger trg-2.3 — estimated accuracy degradation (MEDIUM)";
const BACKTEST =
  /backtest: MAE \d+\.\d pts at \d+ weeks?, interval covered \d+ % \(\d+ mature weeks? replayed\)/;

test("analyst journey: trigger's fresh drift is only an early warning → how it is estimated, with its backtest → the nowcast on the drift page", async ({
  page,
}) => {
  // Issue 17: trg-2.3's outcomes turned in its last weeks; no label-based alert can say it yet.
  await page.goto("/alerts?type=trigger&state=open");
  const row = page.getByRole("row").filter({ hasText: WARNING });
  await expect(row).toHaveCount(1);
  await expect(
    page.getByRole("row").filter({ hasText: /trigger trg-2\.3 — accuracy degradation/ }),
  ).toHaveCount(0);
  await row.getByRole("link").click();

  const facts = page.getByRole("definition");
  await expect(page.getByRole("heading", { name: "How it is estimated" })).toBeVisible();
  const estimated = page.getByLabel("How it is estimated");
  await expect(estimated).toContainText(/Decided so far\s*\d+% of the labels of \d+ pooled immature weeks?/);
  await expect(estimated).toContainText(BACKTEST);
  await expect(facts.filter({ hasText: /^backtest: / })).toHaveCount(1);

  await page.goto("/drift/trigger");
  const accuracy = page.getByTestId("accuracy-panel");
  await expect(accuracy.getByTestId("nowcast-backtest")).toHaveText(
    new RegExp(`^trg-2\\.3 nowcast ${BACKTEST.source}$`),
  );
  await expect(accuracy.getByText(/^trg-2\.3 estimated — \d+% of labels decided$/)).toBeVisible();
});
