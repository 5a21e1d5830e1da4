import { expect, test } from "@playwright/test";
import { PORT, unique } from "./helpers";

test("a new merchant signs up, opens a shop from a template and reaches its storefront by path and by host", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("分销商城");
  await page.getByTestId("cta-start").click();

  // Offline sign-in: create a brand-new user.
  await expect(page.getByTestId("local-signin-notice")).toBeVisible();
  const email = `${unique("merchant")}@example.com`;
  await page.locator("#new-name").fill("新商家 测试");
  await page.locator("#new-email").fill(email);
  await page.getByTestId("create-user").click();
  await page.waitForURL("**/onboarding");

  // Bad input first: a reserved slug is refused with a clear message, nothing created.
  await page.getByTestId("template-cosmetics").check({ force: true });
  await page.locator("#tenant-name").fill("小美的店");
  await page.locator("#tenant-slug").fill("admin");
  await page.getByTestId("create-tenant").click();
  await expect(page.getByText("是系统保留地址")).toBeVisible();
  // A slug that is taken by a demo tenant: the server refuses it.
  await page.locator("#tenant-slug").fill("tea");
  await page.getByTestId("create-tenant").click();
  await expect(page.getByText("已被占用")).toBeVisible();

  const slug = unique("mei").toLowerCase();
  await page.locator("#tenant-slug").fill(slug);
  await page.getByTestId("create-tenant").click();
  await page.waitForURL("**/console");
  await expect(page.getByTestId("console-tenant-name")).toHaveText("小美的店");
  await expect(page.getByTestId("current-role")).toContainText("所有者");
  // The console links the shop's own subdomain on the platform's domain (PLATFORM_DOMAIN, localhost here).
  await expect(page.getByTestId("storefront-host-link")).toHaveAttribute("href", `http://${slug}.localhost:${PORT}/`);

  // Storefront by path: the template's catalog, themed.
  await page.goto(`/s/${slug}`);
  await expect(page.getByTestId("storefront-name")).toHaveText("小美的店");
  expect(await page.getByTestId("product-card").count()).toBeGreaterThanOrEqual(15);
  await expect(page.getByTestId("product-price").first()).toContainText("¥");
  // Themed by the template's tokens: the cosmetics primary (#b83b6b) on the header.
  await expect(page.locator("header").first()).toHaveCSS("background-color", "rgb(184, 59, 107)");

  // And by the tenant's own host.
  await page.goto(`http://${slug}.localhost:${PORT}/`);
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", slug);
  await expect(page.getByTestId("storefront-name")).toHaveText("小美的店");
});
