import { expect, test, type Page } from "@playwright/test";
import { toPlan } from "../packages/commission/src/config";
import { commissionsForLine } from "../packages/commission/src/engine";
import { getTemplate, templateDistribution } from "../packages/templates/src/index";
import { signInAs, unique } from "./helpers";

/**
 * The distributor's side of the storefront (PRODUCT.md §4, §7): level and
 * progress, referral link and QR, share-and-earn on a product page; a new
 * shopper who comes through the share link and pays earns the distributor a
 * level-1 commission and their upline a level-2 one, with the amounts the
 * tenant's plan gives; the team shows masked phones.
 */

// A one-SKU product outside the category the demo seed overrides (so the template's plain plan applies).
const PRODUCT = "福鼎老白茶 寿眉饼 2016";

/** The merchant's override for PRODUCT in this walk: 10% to the direct referrer, 3% to the next. */
const OVERRIDE = [{ kind: "percent" as const, bps: 1000 }, { kind: "percent" as const, bps: 300 }];

/** What the tea plan (with the override) pays per level on one unit of the product, for an upline at these distributor levels. */
function expectedCommissions(levels: number[]) {
  const tea = getTemplate("tea")!;
  const sku = tea.products.find((p) => p.name === PRODUCT)!.skus[0]!;
  const plan = toPlan(templateDistribution(tea).programme, [{ scope: "product", targetId: "00000000-0000-4000-8000-000000000001", rates: OVERRIDE }]);
  const r = commissionsForLine(
    plan,
    { lineId: "l", productId: "00000000-0000-4000-8000-000000000001", categoryId: null, quantity: 1, paidFen: sku.priceFen, unitCostFen: sku.costFen },
    { userId: "buyer", distributorLevel: null },
    levels.map((level, i) => ({ userId: `a${i}`, distributorLevel: level })),
  );
  return r.commissions.map((c) => c.amountFen);
}

test("the merchant sets a plan, a distributor shares a product, a new shopper buys through the link, the distributor and their upline see the commission, a refund reverses it; the team is masked", async ({ page, context }) => {
  test.setTimeout(240_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);

  // The merchant sets the plan for this product in the console: 10% direct, 3% to the next level.
  await signInAs(page, "owner@demo.local", "/console/distribution/plan");
  const form = page.getByTestId("override-form");
  await form.locator("#ov-scope").selectOption("product");
  // Found by searching the catalogue (the select starts with the first page only).
  await form.getByTestId("ov-target-search").fill("寿眉饼");
  await expect(form.locator("#ov-target option").filter({ hasText: PRODUCT })).toHaveCount(1);
  await form.locator("#ov-target").selectOption({ label: PRODUCT });
  await form.locator("#ov-rate-0").fill("10");
  await form.locator("#ov-rate-1").fill("3");
  await page.getByTestId("save-override").click();
  await expect(page.getByTestId("override-row").filter({ hasText: PRODUCT })).toBeVisible();

  // dist1's level (dist2's referrer), for the level-2 amount.
  await signInAs(page, "dist1@demo.local", "/s/tea/me/distribution");
  const level1 = Number(await page.getByTestId("distribution-level").getAttribute("data-level"));
  // The team by depth: dist2 and dist3 directly, then dist4, then dist5; phones masked.
  const team = page.getByTestId("team");
  await expect(team.getByTestId("team-tab-1")).toBeVisible();
  await expect(team.getByTestId("team-phone").first()).toHaveText(/^138\*{4}\d{4}$/);
  for (const phone of await team.getByTestId("team-phone").allInnerTexts()) expect(phone).not.toMatch(/\d{11}/);
  await team.getByTestId("team-tab-2").click();
  await expect(team.getByTestId("team-list")).toHaveAttribute("data-depth", "2");
  await expect(team.getByTestId("team-phone").filter({ hasText: "138****1004" })).toHaveCount(1);
  await expect(team.getByTestId("team-tab-3")).toBeVisible();

  // dist2: level, progress towards the next level, totals, link and QR.
  await signInAs(page, "dist2@demo.local", "/s/tea/me");
  await page.getByTestId("me-distribution").click();
  await expect(page.getByTestId("distribution-page")).toHaveAttribute("data-state", "active");
  const level2 = Number(await page.getByTestId("distribution-level").getAttribute("data-level"));
  expect(level2).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId("distribution-level")).not.toBeEmpty();
  await expect(page.getByTestId("distribution-progress")).toBeVisible();
  if (level2 < 5) expect(await page.getByTestId("progress-missing").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("distribution-code")).toHaveText("TEA0002");
  const link = page.getByTestId("referral-link");
  await expect(link).toHaveValue(/\/s\/tea\?ref=TEA0002$/);
  await page.getByTestId("referral-link-copy").click();
  await expect(page.getByTestId("referral-link-copy")).toContainText("已复制");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await link.inputValue());
  const qr = page.getByTestId("referral-qr");
  await expect(qr.locator("svg")).toBeVisible();
  await expect(qr).toHaveAttribute("data-payload", await link.inputValue());
  const pendingBefore = Number(await page.getByTestId("total-pendingFen").getAttribute("data-fen"));
  // 我的收入: the ledger's balances, before the sale.
  await page.getByTestId("income-entry").click();
  await expect(page).toHaveURL(/\/s\/tea\/me\/income$/);
  const ledgerPendingBefore = Number(await page.getByTestId("balance-pendingFen").getAttribute("data-fen"));

  // The product page: 分享赚 ¥N for this distributor, the link with their code, a QR code.
  await page.goto("/s/tea/search?q=寿眉饼");
  await page.getByTestId("product-card").filter({ hasText: PRODUCT }).first().click();
  await expect(page.getByTestId("product-name")).toHaveText(PRODUCT);
  const [expected1 = 0, expected2 = 0] = expectedCommissions([level2, level1]);
  expect(expected1).toBeGreaterThan(0);
  expect(expected2).toBeGreaterThan(0);
  const share = page.getByTestId("share-earn");
  await expect(share).toHaveAttribute("data-amount", String(expected1));
  await expect(page.getByTestId("share-earn-button")).toContainText(`分享赚 ¥${(expected1 / 100).toFixed(2)}`);
  await page.getByTestId("share-earn-button").click();
  const shareLink = await page.getByTestId("share-link").inputValue();
  expect(shareLink).toMatch(/\/s\/tea\/p\/[0-9a-f-]{36}\?ref=TEA0002$/);
  await expect(page.getByTestId("share-qr")).toHaveAttribute("src", /^data:image\/png;base64,/);

  // A brand-new shopper opens the share link (signing up on the way) and buys one.
  const sharePath = new URL(shareLink).pathname + new URL(shareLink).search;
  await page.goto(`/sign-in?next=${encodeURIComponent(sharePath)}`);
  await page.locator("#new-name").fill("新客 分享");
  await page.locator("#new-email").fill(`${unique("buyer")}@example.com`);
  await page.getByTestId("create-user").click();
  await page.waitForURL((u) => u.pathname.includes("/p/"));
  await expect(page.getByTestId("product-name")).toHaveText(PRODUCT);
  await expect(page.getByTestId("share-earn")).toHaveCount(0); // not a distributor
  const orderNo = await buyFromProductPage(page);

  // dist2 sees a pending level-1 commission on that order, with the plan's amount.
  await signInAs(page, "dist2@demo.local", "/s/tea/me/distribution");
  const mine = page.locator(`[data-testid="commission"][data-order-no="${orderNo}"]`);
  await expect(async () => {
    await page.reload();
    await expect(mine).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(mine).toHaveAttribute("data-kind", "level1");
  await expect(mine).toHaveAttribute("data-status", "pending");
  await expect(mine).toHaveAttribute("data-amount", String(expected1));
  await expect(mine.getByTestId("commission-status")).toHaveText("待结算");
  await expect(mine).toContainText(PRODUCT);
  await expect(page.getByTestId("total-pendingFen")).toHaveAttribute("data-fen", String(pendingBefore + expected1));
  // The ledger has it too: pending grew by the commission, with a movement naming the order.
  await page.getByTestId("income-entry").click();
  await expect(page.getByTestId("balance-pendingFen")).toHaveAttribute("data-fen", String(ledgerPendingBefore + expected1));
  const earned = page.getByTestId("movement").filter({ hasText: orderNo });
  await expect(earned).toHaveAttribute("data-transfer", "commission_accrued");
  await expect(earned).toHaveAttribute("data-fen", String(expected1));
  await expect(earned).toContainText("佣金入账");
  await page.goBack();
  // The new shopper is in dist2's direct team (no phone given: nothing to show).
  await expect(page.getByTestId("team").getByTestId("team-member").filter({ hasText: "新***" }).first()).toBeVisible();

  // dist1, dist2's referrer, sees the level-2 commission.
  await signInAs(page, "dist1@demo.local", "/s/tea/me/distribution");
  const upline = page.locator(`[data-testid="commission"][data-order-no="${orderNo}"]`);
  await expect(upline).toHaveCount(1);
  await expect(upline).toHaveAttribute("data-kind", "level2");
  await expect(upline).toHaveAttribute("data-status", "pending");
  await expect(upline).toHaveAttribute("data-amount", String(expected2));

  // The merchant refunds the whole order: both commissions are reversed in full.
  await signInAs(page, "owner@demo.local", `/console/orders?q=${orderNo}`);
  await page.getByTestId("order-row").getByRole("link", { name: orderNo }).click();
  await expect(page.getByTestId("merchant-refund")).toBeVisible();
  await page.locator("#refund-reason").fill("整单退款");
  await page.getByTestId("merchant-refund-submit").click();
  await expect(page.getByTestId("refund-confirm-restock")).toContainText("不退回库存");
  await page.getByTestId("confirm-refund").click();
  await expect(page.getByTestId("detail-refunded")).toHaveText(await page.getByTestId("detail-paid").innerText());
  // The order's commissions, explained, from the order page: both reversed.
  // (followed by its address: a click can be swallowed by the refund form's router.refresh still settling)
  await page.goto((await page.getByTestId("order-commissions").getAttribute("href"))!);
  await expect(page).toHaveURL(/\/console\/distribution\/commissions\?order=/);
  const rows = page.getByTestId("commission-row");
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(2, { timeout: 1000 });
    await expect(rows.and(page.locator('[data-status="reversed"]'))).toHaveCount(2, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  for (const [who, amount] of [["dist2@demo.local", expected1], ["dist1@demo.local", expected2]] as const) {
    await signInAs(page, who, "/s/tea/me/distribution");
    const row = page.locator(`[data-testid="commission"][data-order-no="${orderNo}"]`);
    await expect(async () => {
      await page.reload();
      await expect(row).toHaveAttribute("data-status", "reversed", { timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(row).toHaveAttribute("data-amount", String(amount));
    await expect(row).toHaveAttribute("data-reversed", String(amount));
  }
  // dist2's ledger: the refund took the commission back out of pending.
  await signInAs(page, "dist2@demo.local", "/s/tea/me/income");
  await expect(page.getByTestId("balance-pendingFen")).toHaveAttribute("data-fen", String(ledgerPendingBefore));
  const back = page.getByTestId("movement").filter({ hasText: orderNo }).and(page.locator('[data-transfer="commission_clawback"]'));
  await expect(back).toHaveAttribute("data-fen", String(-expected1));
  await expect(back).toContainText("退款追回佣金");
  await page.screenshot({ path: test.info().outputPath("income.png") });
});

test("a shopper signed in through a ?ref= link on any storefront page is bound to that distributor", async ({ page }) => {
  await page.goto(`/sign-in?next=${encodeURIComponent("/s/tea?ref=TEA0004")}`);
  await page.locator("#new-name").fill("链接 访客");
  await page.locator("#new-email").fill(`${unique("visitor")}@example.com`);
  // The share code in the page signed in to binds at sign-up (no call from the page is needed).
  await page.getByTestId("create-user").click();
  await page.waitForURL((u) => u.pathname === "/s/tea");
  // The distribution page names the referrer (masked).
  await page.goto("/s/tea/me/distribution");
  await expect(page.getByText("推荐人：分***")).toBeVisible();
  await expect(page.getByTestId("distribution-mode")).toHaveAttribute("data-mode", "open");
  await expect(page.getByTestId("distribution-join")).toBeVisible();
});

/** The signed-in shopper buys one PRODUCT from its page (a new address of their own), paying with their own simulated account or `account`; returns the order number. */
async function buyFromProductPage(page: Page, account?: string) {
  await expect(page.getByTestId("product-name")).toHaveText(PRODUCT);
  await expect(page.getByTestId("buy-now")).toBeEnabled();
  await expect(async () => {
    await page.getByTestId("buy-now").click();
    await expect(page).toHaveURL(/\/checkout/, { timeout: 2000 });
  }).toPass();
  await expect(page.getByTestId("checkout-lines")).toBeVisible();
  await page.locator("#addr-name").fill("买家");
  await page.locator("#addr-phone").fill(`137${String(Date.now()).slice(-8)}`);
  await page.locator("#addr-province").fill("广东省");
  await page.locator("#addr-city").fill("深圳市");
  await page.locator("#addr-district").fill("南山区");
  await page.locator("#addr-detail").fill(`${unique("科技园")} 号`);
  await page.getByTestId("submit-order").click();
  await expect(page.getByTestId("simulator-notice")).toBeVisible();
  if (account) {
    await page.getByTestId("sim-account-details").locator("summary").click();
    await page.getByTestId("sim-account").fill(account);
  }
  await page.getByTestId("sim-complete").click();
  await expect(page.getByTestId("paid-banner")).toBeVisible();
  return /订单号\s*(\S+)/.exec(await page.getByText(/订单号/).first().innerText())![1]!;
}

test("a shopper who pays with the distributor's own payment account is flagged for the merchant and the commission held", async ({ page }) => {
  test.setTimeout(180_000);
  const wallet = unique("钱包");
  // dist4 buys for themselves with the wallet.
  await signInAs(page, "dist4@demo.local", "/s/tea/search?q=寿眉饼");
  await page.getByTestId("product-card").filter({ hasText: PRODUCT }).first().click();
  await expect(page.getByTestId("product-name")).toHaveText(PRODUCT);
  const productPath = new URL(page.url()).pathname;
  expect(productPath).toMatch(/\/s\/tea\/p\//);
  await buyFromProductPage(page, wallet);

  // A new shopper comes through dist4's link and pays with the same wallet.
  await page.goto(`/sign-in?next=${encodeURIComponent(`${productPath}?ref=TEA0004`)}`);
  await page.locator("#new-name").fill("同卡 顾客");
  await page.locator("#new-email").fill(`${unique("sharer")}@example.com`);
  await page.getByTestId("create-user").click();
  await page.waitForURL((u) => u.pathname.includes("/p/"));
  const orderNo = await buyFromProductPage(page, wallet);

  // The merchant sees a shared-payment flag on that order, holding dist4's commission.
  await signInAs(page, "owner@demo.local", "/console/distribution/commissions");
  const flag = page.getByTestId("flag-row").filter({ hasText: orderNo });
  await expect(async () => {
    await page.reload();
    await expect(flag).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(flag).toContainText("共用支付方式");
  await expect(flag).toContainText("冻结佣金 ¥");
  await expect(flag).not.toContainText("¥0.00");
});
