import { expect, test as setup } from "@playwright/test";
import { DEMO_PASSWORD, emailOf, ROLES, signIn, storageStateOf } from "./support";

// Saves one signed-in browser state per demo role for the journeys that start signed in.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/signin");
    await signIn(page, emailOf(role), DEMO_PASSWORD);
    await expect(page.getByTestId("user-email")).toHaveText(emailOf(role));
    await page.context().storageState({ path: storageStateOf(role) });
  });
}
