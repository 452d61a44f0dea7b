import { expect, test } from "@playwright/test";
import { storageStateOf } from "./support";

test.describe("an admin manages API keys", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("creates a key, sees it once, uses it, and revokes it", async ({ page, request }) => {
    const name = `e2e key ${Date.now()}`;
    await page.goto("/settings");
    await page.getByRole("link", { name: "Create, list and revoke API keys" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create key" }).click();
    const shown = page.getByRole("status", { name: "New API key" });
    await expect(shown).toContainText("It is shown only once");
    const key = (await shown.getByTestId("new-api-key").textContent())!;
    expect(key).toMatch(/^dw_[A-Za-z0-9_-]{43}$/);
    await expect(shown.getByRole("button", { name: "Copy key" })).toBeVisible();

    const row = page.getByRole("row").filter({ hasText: name });
    await expect(row).toContainText(`${key.slice(0, 11)}…`);
    await expect(row.getByRole("cell").nth(3)).toHaveText("never");
    await expect(row.getByRole("cell").nth(4)).toHaveText("active");

    const ingest = () =>
      request.post("/api/v1/predictions", { headers: { authorization: `Bearer ${key}` }, data: [] });
    const accepted = await ingest();
    expect(accepted.status()).toBe(200);
    expect(await accepted.json()).toEqual({ inserted: 0, unchanged: 0, conflicts: [] });

    await page.reload();
    await expect(page.getByTestId("new-api-key")).toHaveCount(0);
    await expect(row.getByRole("cell").nth(3)).toHaveText(/UTC$/);

    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("form", { name: `Confirm revoking ${name}` });
    await expect(confirm).toContainText("cannot be undone");
    await confirm.getByRole("button", { name: "Yes, revoke" }).click();
    await expect(row.getByRole("cell").nth(4)).toHaveText(/^revoked .* UTC$/);
    await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);

    const refused = await ingest();
    expect(refused.status()).toBe(401);
    expect((await refused.json()).error.code).toBe("UNAUTHORIZED");
  });
});

for (const role of ["viewer", "oncall"] as const) {
  test.describe(`signed in as ${role}`, () => {
    test.use({ storageState: storageStateOf(role) });

    test("cannot manage API keys, and is told who can", async ({ page }) => {
      await page.goto("/settings/api-keys");
      await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
      await expect(page.getByRole("status")).toContainText("Only admin users can do this.");
      await expect(page.getByRole("button", { name: "Create key" })).toHaveCount(0);
      await expect(page.getByRole("table")).toHaveCount(0);
    });
  });
}

test.describe("the API documentation", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("lists every endpoint with its fields and a curl example, and the OpenAPI document opens with the session", async ({
    page,
  }) => {
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "API", exact: true })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "API documentation" })).toBeVisible();
    for (const path of [
      "/api/v1/predictions",
      "/api/v1/treatment-events",
      "/api/v1/triggers",
      "/api/v1/business-metrics",
    ]) {
      await expect(page.getByRole("heading", { level: 2, name: `POST ${path}` })).toBeVisible();
    }
    const fields = page.getByRole("table", { name: "Prediction fields" });
    await expect(fields.getByRole("row").filter({ hasText: "predicted_at" })).toContainText("date-time");
    await expect(page.getByText("curl -sS -X POST").first()).toBeVisible();
    const document = await page.request.get("/api/v1/openapi.json");
    expect(document.status()).toBe(200);
    expect((await document.json()).openapi).toBe("3.1.0");
  });
});

test("the OpenAPI document needs a session or a key", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const response = await anonymous.get("/api/v1/openapi.json");
  expect(response.status()).toBe(401);
  await anonymous.dispose();
});
