import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, emailOf, ROLES, signIn, storageStateOf } from "./support";

test.describe("signing in", () => {
  for (const role of ROLES) {
    test(`${role} signs in, sees their role, and can open every section`, async ({ page }) => {
      await page.goto("/");
      await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
      await signIn(page, emailOf(role), DEMO_PASSWORD);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      const userBox = page.getByLabel("Signed in user");
      await expect(userBox.getByTestId("user-email")).toHaveText(emailOf(role));
      await expect(userBox.getByText(role, { exact: true })).toBeVisible();
      for (const section of ["Drift", "Alerts", "Validation", "Runs", "Settings"]) {
        await page
          .getByRole("navigation", { name: "Main" })
          .getByRole("link", { name: section, exact: true })
          .click();
        await expect(page.getByRole("heading", { level: 1 })).toContainText(
          section === "Runs" ? "runs" : section,
        );
        await expect(page.getByRole("link", { name: section, exact: true })).toHaveAttribute(
          "aria-current",
          "page",
        );
      }
    });
  }

  test("the sign-in page lists the demo accounts", async ({ page }) => {
    await page.goto("/signin");
    const demo = page.getByRole("region", { name: "Demo accounts" });
    for (const role of ROLES) await expect(demo.getByText(emailOf(role))).toBeVisible();
    await expect(demo.getByText(DEMO_PASSWORD, { exact: true })).toBeVisible();
  });

  for (const [name, email, password] of [
    ["a wrong password", "admin@driftwatch.local", "not-the-password"],
    ["an unknown email", "nobody@driftwatch.local", DEMO_PASSWORD],
  ] as const) {
    test(`${name} gets the same message, without saying which part was wrong`, async ({ page }) => {
      await page.goto("/signin");
      await signIn(page, email, password);
      const message = page.locator("#signin-error");
      await expect(message).toHaveText("Wrong email or password.");
      await expect(message).toHaveAttribute("role", "alert");
      await expect(page).toHaveURL(/\/signin/);
      await expect(page.getByLabel("Email")).toHaveValue(email);
    });
  }

  test("after 10 wrong passwords for an email, the form says to wait instead of trying", async ({ page }) => {
    const email = `guesser-${Date.now()}@driftwatch.local`;
    await page.goto("/signin");
    for (let i = 0; i < 10; i++) {
      await signIn(page, email, `guess-${i}`);
      await expect(page.locator("#signin-error")).toHaveText("Wrong email or password.");
    }
    await signIn(page, email, "guess-10");
    await expect(page.locator("#signin-error")).toHaveText(
      /^Too many failed sign-ins for this email\. Try again after \d{2}:\d{2} UTC\.$/,
    );
  });

  test("an anonymous visit to a deep link is sent to sign in and comes back after", async ({ page }) => {
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fsettings$/);
    await signIn(page, emailOf("viewer"), DEMO_PASSWORD);
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("table").first()).toContainText("next_best_action");
  });
});

test.describe("signing out", () => {
  // Its own session, not the shared oncall one the other journeys use: signing out revokes a session for good.
  test("ends the session, and a copy of its cookie stops working too", async ({
    page,
    playwright,
    baseURL,
  }) => {
    await page.goto("/signin?callbackUrl=%2Fruns");
    await signIn(page, emailOf("oncall"), DEMO_PASSWORD);
    await expect(page.getByRole("heading", { level: 1, name: "Feedback-loop runs" })).toBeVisible();
    const session = (await page.context().cookies()).find(
      (cookie) => cookie.name === "next-auth.session-token",
    )!;
    const copy = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: `${session.name}=${session.value}` },
    });
    expect((await copy.get("/api/me")).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await page.goto("/runs");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fruns$/);
    expect((await page.request.get("/api/me")).status()).toBe(401);
    // The copy was checked a moment ago; each server process re-reads a session within 5 s.
    await expect
      .poll(async () => (await copy.get("/api/me")).status(), { timeout: 8_000, intervals: [500] })
      .toBe(401);
    await copy.dispose();
  });
});

test.describe("signed in as oncall", () => {
  test.use({ storageState: storageStateOf("oncall") });

  test("the API answers with the signed-in user and role", async ({ request }) => {
    const response = await request.get("/api/me");
    expect(response.status()).toBe(200);
    expect((await response.json()).user).toMatchObject({ email: "oncall@driftwatch.local", role: "oncall" });
  });
});

test.describe("anonymous", () => {
  test("an API call without a session is answered 401 in JSON", async ({ request }) => {
    const response = await request.get("/api/me");
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "UNAUTHORIZED", message: "Sign in to continue." },
    });
  });

  test("the health check needs no session", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.status()).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      database: "up",
      migrations: { pending: 0, failed: [] },
    });
  });
});
