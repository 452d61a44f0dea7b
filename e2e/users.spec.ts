import { expect, test } from "@playwright/test";
import { emailOf, signIn, storageStateOf } from "./support";

test.describe("as admin", () => {
  test.use({ storageState: storageStateOf("admin") });

  test("adds a person, who signs in with the one-time password; a new role, a password reset and a disable reach their open session", async ({
    page,
    browser,
  }) => {
    test.setTimeout(60_000);
    const email = `newcomer-${Date.now()}@example.com`;
    await page.goto("/settings");
    await page.getByRole("link", { name: /Add people, change roles/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Users");
    // Your own row has no actions: no admin can lock themselves out.
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: emailOf("admin") })
        .getByText("you", { exact: true }),
    ).toBeVisible();

    const add = page.getByRole("form", { name: "Add a person" });
    await add.getByLabel("Email").fill(email.toUpperCase());
    await add.getByLabel("Name").fill("New Comer");
    await add.getByLabel("Role").selectOption("oncall");
    await add.getByRole("button", { name: "Add person" }).click();
    const password = (await page.getByTestId("new-password").textContent())!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row.getByRole("cell").nth(2)).toHaveText("oncall");

    // The same email twice is refused, naming it.
    await add.getByLabel("Email").fill(email);
    await add.getByLabel("Name").fill("Twin");
    await add.getByRole("button", { name: "Add person" }).click();
    await expect(add.getByRole("alert")).toHaveText(`${email} already has an account.`);
    await expect(add.getByLabel("Name")).toHaveValue("Twin");

    // A browser of their own, not signed in (a new context would inherit the admin's storage state).
    const theirs = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const them = await theirs.newPage();
    await them.goto("/signin");
    await signIn(them, email, password);
    await expect(them.getByTestId("user-email")).toHaveText(email);
    const role = async () => {
      const me = await them.request.get("/api/me");
      return me.status() === 200 ? (await me.json()).user.role : "signed out";
    };
    expect(await role()).toBe("oncall");

    await row.getByRole("combobox", { name: `Role of ${email}` }).selectOption("viewer");
    await row.getByRole("button", { name: "Change role" }).click();
    await expect(row.getByRole("status")).toHaveText(`${email} is now viewer.`);
    await expect.poll(role, { timeout: 8_000, intervals: [500] }).toBe("viewer");

    // A password reset ends the sessions opened with the old one; the new one signs in.
    await row.getByRole("button", { name: `Reset password ${email}` }).click();
    await row.getByRole("button", { name: "Yes, reset password" }).click();
    const fresh = (await row.getByTestId("new-password").textContent())!;
    expect(fresh).not.toBe(password);
    await expect.poll(role, { timeout: 8_000, intervals: [500] }).toBe("signed out");
    await them.goto("/signin");
    await signIn(them, email, fresh);
    await expect(them.getByTestId("user-email")).toHaveText(email);
    expect(await role()).toBe("viewer");

    await row.getByRole("button", { name: `Disable ${email}` }).click();
    await row.getByRole("button", { name: "Yes, disable" }).click();
    await expect(page.getByRole("row").filter({ hasText: email }).getByRole("cell").nth(3)).toHaveText(
      /^disabled \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/,
    );
    await expect.poll(role, { timeout: 8_000, intervals: [500] }).toBe("signed out");
    await theirs.close();
  });
});

test.describe("as viewer", () => {
  test.use({ storageState: storageStateOf("viewer") });

  test("sees who may manage users, and no list", async ({ page }) => {
    await page.goto("/settings/users");
    await expect(page.getByRole("status")).toContainText("Only admin users can do this.");
    await expect(page.getByRole("table")).toHaveCount(0);
  });
});
