import { expect, test } from "@playwright/test";
import { PORT, signInAs, unique } from "./helpers";

test.use({ viewport: { width: 390, height: 844 } });

const PLATFORM = /云分销|CloudMall/;

test("a storefront page shows the shop, not the platform", async ({ page }) => {
  await page.goto("/s/tea");
  await expect(page.getByTestId("storefront-name")).toBeVisible();
  expect(await page.title()).toContain("青山茶舍");
  expect(await page.title()).not.toMatch(PLATFORM);
  const icon = await page.locator('link[rel="icon"]').first().getAttribute("href");
  expect(icon).toBeTruthy();
  expect(icon).not.toContain("icon.svg");
  expect(await page.locator("main").innerText()).not.toMatch(PLATFORM);
  await expect(page.getByTestId("powered-by")).toHaveCount(0);
  await page.screenshot({ path: "test-results/white-label-home.png" });
});

test("我的 → the shop's own sign-in → back in the shop", async ({ page }) => {
  await page.goto("/s/tea");
  await page.getByRole("link", { name: "我的" }).click();
  await page.waitForURL(/\/s\/tea\/sign-in\?next=/);
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
  await expect(page.getByTestId("store-local-signin-notice")).toBeVisible();
  expect(await page.locator("body").innerText()).not.toMatch(PLATFORM);
  await expect(page.getByText("operator@demo.local")).toHaveCount(0);
  await page.screenshot({ path: "test-results/white-label-signin.png" });
  const email = `${unique("shopper")}@example.com`;
  await page.locator("#new-name").fill("小王");
  await page.locator("#new-email").fill(email);
  await page.getByTestId("create-user").click();
  await page.waitForURL(/\/s\/tea\/me$/);
  await expect(page.getByTestId("me-name")).toContainText("小王");
});

test("the tenant host has its own /sign-in", async ({ page }) => {
  await page.goto(`http://tea.localhost:${PORT}/sign-in`);
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
  await expect(page.getByTestId("store-signin")).toBeVisible();
});

test("a product page carries a share card", async ({ page }) => {
  await page.goto("/s/tea");
  const href = await page.locator('a[href^="/s/tea/p/"]').first().getAttribute("href");
  await page.goto(href!);
  const og = (p: string) => page.locator(`meta[property="${p}"], meta[name="${p}"]`).first().getAttribute("content");
  const name = await page.getByTestId("product-name").innerText();
  expect(await og("og:title")).toBe(name);
  // The shop's own host: its subdomain, or the custom domain domain.spec may have given it (tenantOrigin).
  const shopHost = /^https?:\/\/(tea\.localhost(:\d+)?|tea-[a-z0-9]+\.test)\/p\//;
  expect(await og("og:url")).toMatch(shopHost);
  expect(await og("product:price:amount")).toMatch(/^\d+\.\d\d$/);
  expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toMatch(shopHost);
  expect(await page.title()).not.toMatch(PLATFORM);
});

// The HTTP status is not asserted: the storefront's loading.tsx starts streaming (200) before the page calls notFound().
test("an unknown product says it is off sale, inside the shop", async ({ page }) => {
  const res = await page.goto("/s/tea/p/00000000-0000-4000-8000-000000000000");
  expect(res!.status()).toBe(404);
  await expect(page.getByTestId("product-gone")).toContainText("已下架");
  // Products of the shop to go on with, linked inside the shop.
  const similar = page.getByTestId("similar-products").getByTestId("product-card");
  await expect(similar.first()).toBeVisible();
  expect(await similar.count()).toBeLessThanOrEqual(4);
  await similar.first().click();
  await expect(page).toHaveURL(/\/s\/tea\/p\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("product-name")).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
  await page.screenshot({ path: "test-results/white-label-gone.png" });
});

test("an unknown shop gets a translated 404", async ({ page }) => {
  const res = await page.goto("/s/no-such-shop-xyz");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("This page could not be found.")).toBeVisible();
});

test("staff land where they belong after signing in", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await expect(page).toHaveURL(/\/console/);
  await page.context().clearCookies();
  await signInAs(page, "operator@demo.local");
  await expect(page).toHaveURL(/\/platform/);
});
