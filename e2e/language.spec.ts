import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

test("the language switch flips every page between Chinese and English", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("cta-start")).toHaveText("免费开店");
  await page.getByTestId("language-switch").click();
  await expect(page.getByTestId("cta-start")).toHaveText("Start free");

  // The choice sticks across pages: console and storefront are English too.
  await signInAs(page, "owner@demo.local");
  await expect(page.getByRole("link", { name: "Overview" })).toBeVisible();
  await page.goto("/s/tea");
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  // The product page is a cached render per language: the same address shows each.
  await page.getByTestId("product-card").first().click();
  await expect(page.getByTestId("add-to-cart")).toHaveText("Add to cart");
  await page.getByTestId("language-switch").click();
  await expect(page.getByTestId("add-to-cart")).toHaveText("加入购物车");
  await expect(page.getByRole("link", { name: "首页" })).toBeVisible();
});

test("an address nothing serves answers 404 with a page in both languages", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("global-not-found")).toContainText("页面不存在");
  await expect(page.getByTestId("global-not-found")).toContainText("This page could not be found.");
});
