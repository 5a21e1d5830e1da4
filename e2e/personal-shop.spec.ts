import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { signInAs } from "./helpers";

/**
 * Distributors' personal shops (PRODUCT.md §6.3, §8.1): a Gold distributor
 * decorates within their rights from 分销中心 → 我的小店 and the owner
 * approves the new picture; a VIP sees no editor; a banned word waits in the
 * review queue, marked, and the rejection's reason reaches the distributor.
 * The demo seed: dist1 (TEA0001) is Gold in tea (banner and title, 8
 * products, no colours) with a flagged submission waiting; dist3 is VIP.
 */
test.describe.configure({ mode: "serial" });
// Under next dev each route compiles on first use (10–20 s on the shared 2-core machine).
const expect = baseExpect.configure({ timeout: 30_000 });

const BANNER = path.join(path.dirname(fileURLToPath(import.meta.url)), "../tenants/images/tea/banner-1.webp");
const SHOP = "/s/tea/me/distribution/shop";

async function openMyShop(page: Page) {
  await signInAs(page, "dist1@demo.local", "/s/tea/me/distribution");
  await page.getByTestId("my-shop-entry").click();
  await page.waitForURL((u) => u.pathname === SHOP);
  await expect(page.getByTestId("shop-editor")).toBeVisible();
}

test("a Gold distributor uploads a banner, titles the shop and picks two products; after the owner approves, it is live", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await openMyShop(page);
  // The share link is the personal shop's, with its QR code.
  await expect(page.getByTestId("shop-link")).toHaveValue(/\/s\/tea\/d\/TEA0001$/);
  await expect(page.getByTestId("shop-qr").locator("svg")).toBeVisible();
  // The seed's submission with 躺赚 still waits.
  await expect(page.getByTestId("shop-status")).toHaveAttribute("data-status", "pending");
  await expect(page.getByTestId("shop-flagged")).toContainText("躺赚");
  // Gold has no colours: no swatches.
  await expect(page.getByTestId("shop-colour-primary")).toHaveCount(0);

  await page.getByTestId("shop-banner-input").setInputFiles(BANNER);
  await expect(page.getByTestId("shop-banner-thumb")).toBeVisible();
  await expect(page.getByTestId("shop-preview-banner")).toBeVisible();
  await page.getByTestId("shop-title").fill("孙悦的明前好茶");
  await expect(page.getByTestId("shop-preview-title")).toHaveText("孙悦的明前好茶");

  const picked = page.getByTestId("shop-picked");
  while ((await picked.count()) > 0) await picked.first().getByTestId("shop-picked-remove").click();
  await expect(page.getByTestId("shop-product-count")).toHaveText("0/8");
  await page.getByTestId("shop-product-search").fill("寿眉");
  await page.getByTestId("shop-product-option").first().click();
  await page.getByTestId("shop-product-search").fill("");
  await page.getByTestId("shop-product-option").first().click();
  await expect(page.getByTestId("shop-product-count")).toHaveText("2/8");
  // Reorder: the second goes first.
  const second = await picked.nth(1).getAttribute("data-id");
  await picked.nth(1).getByTestId("shop-picked-up").click();
  await expect(picked.first()).toHaveAttribute("data-id", second!);
  await page.screenshot({ path: "test-results/personal-shop-editor.png", fullPage: true });

  await page.getByTestId("shop-save").click();
  await expect(page.getByTestId("shop-saved")).toHaveAttribute("data-status", "pending");
  await expect(page.getByTestId("shop-saved")).toContainText("已提交审核");
  await expect(page.getByTestId("shop-status")).toHaveAttribute("data-status", "pending");

  // The owner sees it in the queue (a new picture, no banned word) with its banner and two products, and approves.
  await signInAs(page, "owner@demo.local", "/console/distribution/reviews");
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(page.getByTestId("reviews-pending-count")).toHaveText("1");
  const row = page.getByTestId("review-row").filter({ has: page.locator('[data-testid="review-title"]', { hasText: "孙悦的明前好茶" }) });
  await expect(row).toHaveAttribute("data-code", "TEA0001");
  await expect(row.getByTestId("review-banner")).toBeVisible();
  await expect(row.getByTestId("review-products")).toHaveText("2 件");
  await expect(row.getByTestId("review-flagged")).toHaveCount(0);
  await row.getByTestId("review-approve").click();
  await expect(page.getByTestId("review-row")).toHaveCount(0);
  await page.getByTestId("review-tab-decided").click();
  await expect(page.getByTestId("review-row").first()).toHaveAttribute("data-status", "approved");

  // Live: a visitor of the personal shop sees the title and banner; the distributor's page says so.
  await page.goto("/s/tea/d/TEA0001");
  await expect(page.getByTestId("distributor-shop-title")).toHaveText("孙悦的明前好茶");
  await expect(page.getByTestId("distributor-shop").locator("section").first().locator("img")).toHaveAttribute("src", /\/api\/media\//);
  await signInAs(page, "dist1@demo.local", SHOP);
  await expect(page.getByTestId("shop-status")).toHaveAttribute("data-status", "live");
  await expect(page.getByTestId("shop-preview-title")).toHaveText("孙悦的明前好茶");
  await expect(page.getByTestId("shop-picked")).toHaveCount(2);
  await expect(page.getByTestId("shop-picked").first()).toHaveAttribute("data-id", second!);
});

test("a VIP distributor sees the share link and which level unlocks decorating, but no editor", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await signInAs(page, "dist3@demo.local", "/s/tea/me/distribution");
  await page.getByTestId("my-shop-entry").click();
  await page.waitForURL((u) => u.pathname === SHOP);
  await expect(page.getByTestId("my-shop-page")).toHaveAttribute("data-can-decorate", "false");
  await expect(page.getByTestId("shop-unlocks-at")).toContainText("升级到");
  await expect(page.getByTestId("shop-link")).toHaveValue(/\/s\/tea\/d\/[A-Z0-9]+$/);
  await expect(page.getByTestId("shop-editor")).toHaveCount(0);
  await expect(page.getByTestId("shop-title")).toHaveCount(0);
  await page.screenshot({ path: "test-results/personal-shop-vip.png", fullPage: true });
});

test("a banned word waits in the queue marked; a viewer only looks; the owner rejects with a reason and the distributor reads it", async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 375, height: 812 });
  await openMyShop(page);
  await page.getByTestId("shop-title").fill("喝茶躺赚好茶铺");
  await page.getByTestId("shop-save").click();
  await expect(page.getByTestId("shop-saved")).toHaveAttribute("data-status", "pending");
  await expect(page.getByTestId("shop-saved")).toContainText("躺赚");

  // A viewer sees the queue but no buttons.
  await signInAs(page, "viewer@demo.local", "/console/distribution/reviews");
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(page.getByTestId("reviews-read-only")).toBeVisible();
  await expect(page.getByTestId("review-row")).toHaveCount(1);
  await expect(page.getByTestId("review-approve")).toHaveCount(0);
  await expect(page.getByTestId("save-words")).toHaveCount(0);

  await signInAs(page, "owner@demo.local", "/console/distribution/reviews");
  const row = page.getByTestId("review-row").filter({ hasText: "TEA0001" });
  await expect(row.getByTestId("flagged-word")).toHaveText("躺赚");
  await expect(row.getByTestId("review-flagged")).toContainText("躺赚");
  await page.screenshot({ path: "test-results/personal-shop-queue.png", fullPage: true });
  await row.getByTestId("review-reject").click();
  // A rejection needs a reason the distributor will read.
  await row.getByTestId("reject-confirm").click();
  await expect(row.getByRole("alert")).toContainText("原因");
  await row.getByTestId("reject-reason").fill("含夸大收益用语，请修改标题");
  await row.getByTestId("reject-confirm").click();
  await expect(page.getByTestId("review-row")).toHaveCount(0);

  await signInAs(page, "dist1@demo.local", SHOP);
  await page.setViewportSize({ width: 375, height: 812 });
  await expect(page.getByTestId("shop-status")).toHaveAttribute("data-status", "rejected");
  await expect(page.getByTestId("shop-reason")).toContainText("含夸大收益用语，请修改标题");
  // The editor starts from the rejected submission, to fix it.
  await expect(page.getByTestId("shop-title")).toHaveValue("喝茶躺赚好茶铺");
  await page.screenshot({ path: "test-results/personal-shop-rejected.png", fullPage: true });
});
