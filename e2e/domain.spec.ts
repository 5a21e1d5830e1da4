import { expect, test } from "@playwright/test";
import { PORT, signInAs } from "./helpers";

test("a custom domain set in settings serves the tenant's storefront; a taken domain is refused", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/settings");
  const domain = `tea-${Date.now().toString(36)}.test`;
  await page.locator("#settings-customDomain").fill("not a domain");
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("域名格式不正确")).toBeVisible();
  await page.locator("#settings-customDomain").fill(domain);
  await page.getByTestId("save-settings").click();
  await expect(page.getByRole("status")).toHaveText("已保存");

  await page.goto(`http://${domain}:${PORT}/`);
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
  await expect(page.getByTestId("storefront-name")).toHaveText("青山茶舍");

  // The agency cannot claim the same domain for one of its tenants.
  await page.context().clearCookies();
  await signInAs(page, "agency@demo.local");
  await page.goto("/agency");
  await page.getByTestId("enter-fresh").click();
  await page.waitForURL("**/console");
  await page.goto("/console/settings");
  await page.locator("#settings-customDomain").fill(domain);
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("已被其他店铺使用")).toBeVisible();
});
