import { expect, test } from "@playwright/test";
import { unique } from "./helpers";

/** PRODUCT.md §2.5, §4.5: a shop opened from a template has real product pictures and a plan that passes its own margin guard. */
test("a new cosmetics shop opens with a plan that passes its margin guard and a storefront of real product pictures", async ({ page }) => {
  test.setTimeout(180_000); // first compiles of the console, storefront and media routes under next dev
  await page.goto("/sign-in?next=/onboarding");
  await expect(page.getByTestId("local-signin-notice")).toBeVisible();
  await page.locator("#new-name").fill("美妆新店主");
  await page.locator("#new-email").fill(`${unique("beauty-owner")}@example.com`);
  await page.getByTestId("create-user").click();
  await page.waitForURL("**/onboarding");

  const slug = unique("glow").toLowerCase();
  await page.getByTestId("template-cosmetics").check({ force: true });
  await page.locator("#tenant-name").fill("光采美妆");
  await page.locator("#tenant-slug").fill(slug);
  await page.getByTestId("create-tenant").click();
  await page.waitForURL("**/console");

  // The plan page: no margin-guard warning, and the plan saves unchanged.
  await page.goto("/console/distribution/plan");
  await expect(page.getByTestId("guard-ok")).toBeVisible();
  await expect(page.getByTestId("guard-violations")).toHaveCount(0);
  await page.getByTestId("save-rates").click();
  await expect(page.getByRole("status")).toHaveText("已保存");

  // The storefront home on a phone: every product card has a picture that loads, no emoji placeholder.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/s/${slug}`, { waitUntil: "domcontentloaded" });
  const covers = page.getByTestId("product-cover");
  expect(await page.getByTestId("product-card").count()).toBeGreaterThanOrEqual(15);
  await expect(covers).toHaveCount(await page.getByTestId("product-card").count());
  await expect(page.getByTestId("product-cover-placeholder")).toHaveCount(0);
  for (const img of (await covers.all()).slice(0, 6)) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    expect(await img.getAttribute("src")).toMatch(/^\/api\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: test.info().outputPath("storefront-phone.png") });
});
