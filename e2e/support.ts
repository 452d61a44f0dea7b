import type { Page } from "@playwright/test";

export const DEMO_PASSWORD = "driftwatch";
export const ROLES = ["viewer", "analyst", "oncall", "admin"] as const;
export type DemoRole = (typeof ROLES)[number];
export const emailOf = (role: DemoRole) => `${role}@driftwatch.local`;
export const storageStateOf = (role: DemoRole) => `e2e/.auth/${role}.json`;

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}
