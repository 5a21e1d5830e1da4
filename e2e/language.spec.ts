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
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("link", { name: "首页" })).toBeVisible();
});
