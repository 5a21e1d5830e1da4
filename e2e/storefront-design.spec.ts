import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

/**
 * The storefront serves the live release (issue 12): the seeded tea shop's
 * decorated home, its tab to a landing page, a page it does not have, and the
 * signed preview link. Read-only: no draft is saved, so other specs' releases
 * and drafts are untouched.
 */
test.use({ viewport: { width: 375, height: 812 } });

test("the decorated home, a landing page from its tab, and a page the shop does not have", async ({ page }) => {
  await page.goto("/s/tea");
  const types = await page.locator("[data-block-type]").evaluateAll((els) => els.map((e) => e.getAttribute("data-block-type")));
  expect(types.slice(0, 2)).toEqual(["banner", "noticeBar"]);
  expect(types).toContain("recruitment");
  await expect(page.getByTestId("recruitment-rates")).toContainText("%");
  await expect(page.getByTestId("recruitment-join")).toHaveAttribute("href", "/s/tea/me/distribution");
  await page.screenshot({ path: test.info().outputPath("decorated-home.png") });

  await page.getByRole("link", { name: "上新", exact: true }).click();
  await expect(page).toHaveURL(/\/s\/tea\/pages\/new-season$/);
  await expect(page.locator('[data-block-type="countdown"]')).toBeVisible();
  await expect(page.getByTestId("countdown-clock")).toBeVisible();

  await page.goto("/s/tea/pages/no-such-page");
  await expect(page.getByTestId("page-gone")).toBeVisible();
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
});

test("the signed preview link shows a 预览 banner and keeps the token; a bad token shows the live shop", async ({ page }) => {
  await signInAs(page, "owner@demo.local", "/console");
  const res = await page.request.post("/api/trpc/design.previewLink?batch=1", { data: { 0: { json: null } } });
  const path = ((await res.json()) as [{ result: { data: { json: { path: string } } } }])[0].result.data.json.path;
  await page.goto(path);
  await expect(page.getByTestId("preview-banner")).toContainText("预览");
  await expect(page.getByTestId("preview-banner")).toContainText("顾客看不到");
  const token = new URL(path, "http://x").searchParams.get("preview")!;
  expect(await page.locator('[data-block-type="noticeBar"] a').getAttribute("href")).toContain(`preview=${encodeURIComponent(token)}`);

  await page.goto("/s/tea?preview=not-a-token");
  await expect(page.getByTestId("preview-refused")).toBeVisible();
  await expect(page.getByTestId("preview-banner")).toHaveCount(0);
});
