import { expect, test as setup } from "@playwright/test";
import { DEMO_PASSWORD, emailOf, ROLES, signIn, storageStateOf } from "./support";

// Saves one signed-in browser state per demo role for the journeys that start signed in.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    // A password check (bcrypt) on a machine shared by several test runs took 15–40 s (load average 15–25 on 2 cores).
    setup.setTimeout(120_000);
    await page.goto("/signin");
    await signIn(page, emailOf(role), DEMO_PASSWORD);
    await expect(page.getByTestId("user-email")).toHaveText(emailOf(role), { timeout: 90_000 });
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
