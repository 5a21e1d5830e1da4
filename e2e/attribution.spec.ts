import { expect, type Page } from "@playwright/test";
import { test } from "@playwright/test";
import { PORT, signInAs, unique } from "./helpers";

/**
 * Referral attribution that survives browsing (PRODUCT.md §4.2): an
 * anonymous visitor opens a distributor's shop link (not a product link),
 * browses, signs up inside the shop and buys another product; the order is
 * the distributor's (and their upline's), and says why. On the platform's
 * host and on the tenant's own host, with no console error on the way.
 */
test.use({ viewport: { width: 390, height: 844 } });

const SHARED = "福鼎老白茶 寿眉饼 2016";

async function pick(page: Page, testId: string) {
  const chip = page.getByTestId(testId);
  await expect(async () => {
    if ((await chip.getAttribute("aria-pressed")) !== "true") await chip.click();
    await expect(chip).toHaveAttribute("aria-pressed", "true", { timeout: 1000 });
  }).toPass();
}

async function chooseFirstSku(page: Page) {
  await expect(page.getByTestId("buy-price")).toBeVisible();
  for (let i = 0; i < 3; i++) {
    const first = page.locator(`[data-testid^="spec-${i}-"]:not([disabled])`).first();
    if ((await first.count()) === 0) break;
    await pick(page, (await first.getAttribute("data-testid"))!);
  }
  await expect(page.getByTestId("buy-now")).toBeEnabled();
}

/** Every console error of the page (and failed request answered 4xx/5xx by our server) from now on. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function journey(page: Page, origin: string, base: string) {
  const errors = watchErrors(page);
  // 1. The distributor's shop link, anonymous.
  await page.goto(`${origin}${base || "/"}?ref=TEA0002`);
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
  // 2. Browse: a product of the home page, then the category page.
  const firstCard = page.getByTestId("product-card").first();
  const seen = (await firstCard.innerText()).split("\n")[0]!;
  await firstCard.click();
  await expect(page.getByTestId("product-name")).toBeVisible();
  await page.getByRole("link", { name: "分类" }).click();
  await expect(page).toHaveURL(/\/category$/);
  // 3. Sign up inside the shop (我的 → its own sign-in).
  await page.getByRole("link", { name: "我的" }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.locator("#new-name").fill("链接 新客");
  await page.locator("#new-email").fill(`${unique("ref-visitor")}@example.com`);
  await page.getByTestId("create-user").click();
  await expect(page.getByTestId("me-name")).toContainText("链接 新客");
  // 4. Buy another product than the one first seen, found from the search page (no ?ref anywhere now).
  await page.goto(`${origin}${base}/search?q=${encodeURIComponent("寿眉饼")}`);
  const card = page.getByTestId("product-card").filter({ hasText: SHARED }).first();
  expect(SHARED).not.toBe(seen);
  await card.click();
  await expect(page.getByTestId("product-name")).toHaveText(SHARED);
  expect(page.url()).not.toContain("ref=");
  await chooseFirstSku(page);
  await page.getByTestId("buy-now").click();
  await expect(page.getByTestId("checkout-lines")).toBeVisible();
  await page.locator("#addr-name").fill("新客");
  await page.locator("#addr-phone").fill(`135${String(Date.now()).slice(-8)}`);
  await page.locator("#addr-province").fill("福建省");
  await page.locator("#addr-city").fill("福州市");
  await page.locator("#addr-district").fill("鼓楼区");
  await page.locator("#addr-detail").fill(`${unique("五一路")} 号`);
  await page.getByTestId("submit-order").click();
  await expect(page.getByTestId("simulator-notice")).toBeVisible();
  await page.getByTestId("sim-complete").click();
  await expect(page.getByTestId("paid-banner")).toBeVisible();
  const orderNo = /订单号\s*(\S+)/.exec(await page.getByText(/订单号/).first().innerText())![1]!;
  expect(errors).toEqual([]);
  return orderNo;
}

async function expectCommission(page: Page, who: string, orderNo: string, via: string) {
  await signInAs(page, who, "/s/tea/me/distribution");
  const row = page.locator(`[data-testid="commission"][data-order-no="${orderNo}"]`);
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(row).toHaveAttribute("data-status", "pending");
  expect(Number(await row.getAttribute("data-amount"))).toBeGreaterThan(0);
  await expect(row.getByTestId("commission-via")).toHaveAttribute("data-via", via);
}

test("a shop link opened anonymously credits the distributor for whatever the visitor buys after signing up", async ({ page }) => {
  test.setTimeout(180_000);
  const orderNo = await journey(page, "", "/s/tea");
  await expectCommission(page, "dist2@demo.local", orderNo, "link");
  await expect(page.locator(`[data-testid="commission"][data-order-no="${orderNo}"]`).getByTestId("commission-via")).toHaveText("通过你的分享链接");
  await expectCommission(page, "dist1@demo.local", orderNo, "team"); // dist2's referrer, level 2

  // The merchant sees who the order is attributed to, and why.
  await signInAs(page, "owner@demo.local", `/console/orders?q=${orderNo}`);
  await expect(page.getByTestId("order-row").filter({ hasText: orderNo }).getByTestId("order-attributed")).not.toHaveText("—");
  await page.getByRole("link", { name: orderNo }).click();
  await expect(page.getByTestId("order-attribution")).toHaveAttribute("data-via", "link");
  await expect(page.getByTestId("order-attribution")).toContainText("TEA0002");
  await expect(page.getByTestId("order-attribution")).toContainText("分享链接");
});

test("the same through the tenant's own host", async ({ page }) => {
  test.setTimeout(180_000);
  const orderNo = await journey(page, `http://tea.localhost:${PORT}`, "");
  await expectCommission(page, "dist2@demo.local", orderNo, "link");
  await expectCommission(page, "dist1@demo.local", orderNo, "team");
});
