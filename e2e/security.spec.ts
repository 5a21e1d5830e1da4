import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

/** Review L8: the console is served with a CSP that forbids framing, and the app still works under it. */
test("console responses carry a CSP with frame-ancestors 'none' and X-Frame-Options DENY; pages run without CSP violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await signInAs(page, "owner@demo.local");
  const res = await page.goto("/console");
  const h = res!.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-frame-options"]).toBe("DENY");
  expect(h["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  // Client components hydrated under the policy: the language switch works.
  await page.goto("/console/settings");
  await expect(page.locator("form").first()).toBeVisible();

  const shop = await page.goto("/s/tea");
  expect(shop!.headers()["content-security-policy"]).toContain("frame-ancestors *");
  expect(shop!.headers()["x-frame-options"]).toBeUndefined();
  await expect(page.locator("body")).toContainText("青山茶舍");
  expect(violations).toEqual([]);
});
