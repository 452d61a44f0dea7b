import { expect, test } from "@playwright/test";

// Every answer carries the headers of next.config.ts; the journeys in the other files would fail
// if the policy blocked the app's own scripts (nothing would hydrate), so this only checks that
// they are there and that a page cannot be framed.
for (const url of ["/signin", "/api/health", "/api/alerts"]) {
  test(`${url} carries the security headers`, async ({ request }) => {
    const response = await request.get(url);
    const headers = response.headers();
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["content-security-policy"]).toContain("script-src 'self' 'unsafe-inline';");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("same-origin");
  });
}

test("a page of the app cannot be framed by another page", async ({ page }) => {
  const blocked: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("frame-ancestors")) blocked.push(message.text());
  });
  await page.setContent(
    `<iframe src="${new URL("/signin", test.info().project.use.baseURL).href}"></iframe>`,
  );
  await expect.poll(() => blocked.length).toBeGreaterThan(0);
});
