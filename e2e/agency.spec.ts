import { expect, test } from "@playwright/test";
import { signInAs, unique } from "./helpers";

test("an agency user sees its tenants, switches between them without signing in again, and clones one", async ({ page }) => {
  await signInAs(page, "agency@demo.local");
  await page.goto("/agency");
  await expect(page.getByTestId("agency-tenant-beauty")).toBeVisible();
  await expect(page.getByTestId("agency-tenant-fresh")).toBeVisible();
  // A tenant of another merchant never appears.
  await expect(page.getByTestId("agency-tenant-tea")).toHaveCount(0);

  await page.getByTestId("enter-beauty").click();
  await page.waitForURL("**/console");
  await expect(page.getByTestId("console-tenant-name")).toHaveText("花颜美妆");

  await page.getByTestId("tenant-switcher").selectOption({ label: "鲜果到家 (fresh)" });
  await page.waitForURL("**/console");
  await expect(page.getByTestId("console-tenant-name")).toHaveText("鲜果到家");
  await expect(page.getByTestId("current-role")).toBeVisible();

  // Clone beauty's configuration into a new tenant.
  await page.goto("/agency");
  const slug = unique("beauty2").toLowerCase();
  const card = page.getByTestId("agency-tenant-beauty");
  await card.getByTestId("clone-花颜美妆").click();
  await card.getByLabel("店铺名称").fill("花颜美妆 二店");
  await card.getByLabel("店铺地址").fill(slug);
  await page.getByTestId("clone-submit").click();
  await expect(page.getByTestId(`agency-tenant-${slug}`)).toBeVisible();
  await page.goto(`/s/${slug}`);
  await expect(page.getByTestId("storefront-name")).toHaveText("花颜美妆 二店");
  expect(await page.getByTestId("product-card").count()).toBeGreaterThanOrEqual(15);
});

test("a merchant cannot enter another merchant's tenant", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/agency");
  await expect(page.getByText("你还不是任何代运营机构的成员")).toBeVisible();
  // The API refuses too (same cookie jar as the page).
  const status = await page.evaluate(async () => (await fetch("/api/trpc/agency.overview")).status);
  expect(status).toBe(403);
});
