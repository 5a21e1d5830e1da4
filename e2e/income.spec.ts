import { expect, test, type Page } from "@playwright/test";
import { signInAs, unique } from "./helpers";

/**
 * A commission becomes money (issue 14), on the tea demo with the browser
 * tests' clock (POST /api/test/jobs, ALLOW_TEST_CLOCK=1 in playwright.config):
 * a new shopper buys through dist3's link; the owner ships, the shopper
 * confirms receipt; the clock moves past the return window (the order
 * completes) and the next day's settlement makes the commission available;
 * dist3 withdraws it all (the owner has lowered the minimum for this), the
 * owner marks it paid; dist3 sees it withdrawn, the settlement run is listed
 * in 财务, and the month's statement and withholding certificate download as
 * PDF with the Chinese font embedded. The bonus-day rules and a category's
 * hold are edited (bad values refused on their fields). Phone size for the
 * storefront.
 */
const PRODUCT = "福鼎老白茶 寿眉饼 2016";
const DAY = 86_400_000;

async function jobs(page: Page, at: Date, list: string[]) {
  const res = await page.request.post("/api/test/jobs", { data: { at: at.toISOString(), jobs: list } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

const fen = async (page: Page, id: string) => Number((await page.getByTestId(id).getAttribute("data-fen")) ?? "0");

test("a paid order's commission settles on the test clock, is withdrawn and paid, and the month's PDFs download", async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 390, height: 844 });

  // dist3 before: the ledger's balances.
  await signInAs(page, "dist3@demo.local", "/s/tea/me/income");
  const pendingBefore = await fen(page, "balance-pendingFen");
  const availableBefore = await fen(page, "balance-availableFen");

  // A brand-new shopper arrives through dist3's link and buys one.
  await page.context().clearCookies();
  await page.goto(`/sign-in?next=${encodeURIComponent("/s/tea/search?q=寿眉饼&ref=TEA0003")}`);
  await page.locator("#new-name").fill("新客 结算");
  await page.locator("#new-email").fill(`${unique("settle")}@example.com`);
  await page.getByTestId("create-user").click();
  await page.waitForURL((u) => u.pathname.includes("/search"));
  await page.getByTestId("product-card").filter({ hasText: PRODUCT }).first().click();
  await expect(page.getByTestId("product-name")).toHaveText(PRODUCT);
  await expect(async () => {
    await page.getByTestId("buy-now").click();
    await expect(page).toHaveURL(/\/checkout/, { timeout: 2000 });
  }).toPass();
  await page.locator("#addr-name").fill("买家");
  await page.locator("#addr-phone").fill(`136${String(Date.now()).slice(-8)}`);
  await page.locator("#addr-province").fill("浙江省");
  await page.locator("#addr-city").fill("杭州市");
  await page.locator("#addr-district").fill("西湖区");
  await page.locator("#addr-detail").fill(`${unique("文三路")} 号`);
  await page.getByTestId("submit-order").click();
  await page.getByTestId("sim-complete").click();
  await expect(page.getByTestId("paid-banner")).toBeVisible();
  const orderNo = /订单号\s*(\S+)/.exec(await page.getByText(/订单号/).first().innerText())![1]!;
  const orderPath = new URL(page.url()).pathname;
  const orderId = /\/orders\/([0-9a-f-]{36})/.exec(orderPath)![1]!;
  const buyer = await page.context().cookies();

  // The owner ships it; the shopper confirms receipt.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, "owner@demo.local", `/console/orders/${orderId}`);
  await page.locator("#tracking").fill("SF0000000014");
  await page.getByTestId("ship-submit").click();
  await expect(page.getByTestId("order-status").first()).toHaveAttribute("data-status", "shipped");
  // The minimum comes down to ¥1 so that one commission can be withdrawn (put back at the end).
  await page.goto("/console/finance");
  await page.locator("#rule-minimum").fill("1");
  await page.getByTestId("save-rules").click();
  await expect(page.getByTestId("rules-saved")).toBeVisible();

  await page.context().clearCookies();
  await page.context().addCookies(buyer);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/s/tea/orders/${orderId}`);
  await page.getByTestId("order-confirm").click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "received");

  // dist3's commission on it is pending.
  await page.context().clearCookies();
  await signInAs(page, "dist3@demo.local", "/s/tea/me/income");
  let commission = 0;
  await expect(async () => {
    await page.reload();
    commission = (await fen(page, "balance-pendingFen")) - pendingBefore;
    expect(commission).toBeGreaterThan(0);
  }).toPass({ timeout: 30_000 });

  // The clock: past the return window the order completes; the next day's settlement makes it available.
  const completed = (await jobs(page, new Date(Date.now() + 8 * DAY), ["orders"])) as { orders: { completed: number } };
  expect(completed.orders.completed).toBeGreaterThanOrEqual(1);
  await jobs(page, new Date(Date.now() + 10 * DAY), ["settlement"]);
  await page.reload();
  const available = await fen(page, "balance-availableFen");
  expect(available).toBeGreaterThanOrEqual(availableBefore + commission);
  await expect(page.locator('[data-testid="movement"][data-transfer="commission_settled"][data-account="distributor_available"]').first()).toBeVisible();

  // dist3 withdraws everything available (their tax identity first, if this is their first time).
  if (await page.getByTestId("tax-profile-form").count()) {
    await page.locator("#tax-real-name").fill("钱多多");
    await page.locator("#tax-id-number").fill("440304198505120025");
    await page.getByTestId("tax-consent").check();
    await page.getByTestId("save-tax-profile").click();
    await expect(page.getByTestId("tax-identity")).toContainText("钱*");
  }
  await page.locator("#withdraw-amount").fill((available / 100).toFixed(2));
  await expect(page.getByTestId("withdraw-preview")).toContainText("实际到账");
  await page.getByTestId("withdraw-submit").click();
  await expect(page.getByTestId("withdraw-done")).toBeVisible();
  await expect(page.getByTestId("balance-availableFen")).toHaveAttribute("data-fen", "0");
  const request = page.getByTestId("withdrawal").first();
  await expect(request).toHaveAttribute("data-fen", String(available));

  // The owner pays it by hand with a reference; 财务 lists the settlement run and the next bonus day; bonus rules.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, "owner@demo.local", "/console/finance");
  const item = page.locator('[data-testid="queue-item"]').filter({ hasText: `¥${(available / 100).toFixed(2)}` }).filter({ hasText: "TEA0003" }).first();
  if ((await item.getAttribute("data-status")) === "reviewing") await item.getByTestId("approve-withdrawal").click();
  const id = await item.getAttribute("data-id");
  const row = page.locator(`[data-testid="queue-item"][data-id="${id}"]`);
  await expect(row).toHaveAttribute("data-status", "approved");
  await row.getByTestId("mark-paid").click();
  await row.getByTestId("paid-reference").fill("BANK-E2E-14");
  await row.getByTestId("confirm-paid").click();
  await expect(row).toHaveAttribute("data-status", "paid");
  // The ledger browser: this payout's money came from the settlement of that order's commission.
  await row.getByTestId("trace-link").click();
  await expect(page).toHaveURL(new RegExp(`/console/finance/trace/${id}$`));
  await expect(page.getByTestId("trace-amount")).toHaveText(`¥${(available / 100).toFixed(2)}`);
  await expect(page.locator(`[data-testid="trace-source"][data-kind="commission_settled"] [data-testid="trace-commission"][data-order-no="${orderNo}"]`)).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("trace.png"), fullPage: true });
  await page.goBack();
  await expect(page.getByTestId("settlement-run").first()).toHaveAttribute("data-status", "done");
  await expect(page.getByTestId("finance-next")).toContainText("下个奖金日");
  await page.screenshot({ path: test.info().outputPath("finance.png"), fullPage: true });
  const bonus = page.getByTestId("bonus-rules");
  await page.locator("#bonus-day").fill("29");
  await page.getByTestId("bonus-save").click();
  await expect(bonus).toContainText("奖金日须为每月 1–28 号");
  await page.locator("#bonus-day").fill("20");
  await page.getByTestId("bonus-add-tier").click();
  await bonus.getByTestId("bonus-tier").first().getByLabel("至第几名").fill("3");
  await bonus.getByTestId("bonus-tier").first().getByLabel("每人奖励（元）").fill("88");
  await page.getByTestId("bonus-save").click();
  await expect(page.getByTestId("bonus-saved")).toBeVisible();
  await page.reload();
  await expect(page.locator("#bonus-day")).toHaveValue("20");
  await expect(page.getByTestId("bonus-tier")).toHaveCount(1);
  // A category waits T+7 (listed with its name), then the setting is removed again.
  const holds = page.getByTestId("hold-overrides");
  const before = await holds.getByTestId("hold-override").count();
  await page.locator("#hold-scope").selectOption("category");
  const category = (await page.locator("#hold-target option").nth(1).textContent())!.trim();
  await page.locator("#hold-target").selectOption({ index: 1 });
  await page.locator("#hold-days").fill("91");
  await page.getByTestId("hold-override-save").click();
  await expect(holds).toContainText("0–90");
  await page.locator("#hold-days").fill("7");
  await page.getByTestId("hold-override-save").click();
  const held = holds.getByTestId("hold-override").filter({ hasText: category });
  await expect(held).toContainText("T+7 天");
  await held.getByRole("button", { name: `删除「${category}」的设置` }).click();
  await expect(holds.getByTestId("hold-override")).toHaveCount(before);
  // Put back: the 25th, no rewards; the ¥50 minimum.
  await page.locator("#bonus-day").fill("25");
  await page.getByRole("button", { name: "删除这一档" }).click();
  await page.getByTestId("bonus-save").click();
  await expect(page.getByTestId("bonus-saved")).toBeVisible();
  // The base promotion fee kept on returns: 0% is refused on its field, 20% is saved and read back, then off again.
  await page.locator("#rule-keep").selectOption("percent");
  await page.locator("#rule-keep-value").fill("0");
  await page.getByTestId("save-rules").click();
  await expect(page.getByTestId("keep-on-return")).toContainText("0.01%");
  await page.locator("#rule-keep-value").fill("20");
  await page.getByTestId("save-rules").click();
  await expect(page.getByTestId("rules-saved")).toBeVisible();
  await page.reload();
  await expect(page.locator("#rule-keep")).toHaveValue("percent");
  await expect(page.locator("#rule-keep-value")).toHaveValue("20");
  await page.locator("#rule-keep").selectOption("off");
  await page.locator("#rule-minimum").fill("50");
  await page.getByTestId("save-rules").click();
  await expect(page.getByTestId("rules-saved")).toBeVisible();

  // dist3: withdrawn, and this month's statement and certificate as PDF with the Chinese font embedded.
  await page.context().clearCookies();
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "dist3@demo.local", "/s/tea/me/income");
  await expect(page.getByTestId("withdrawal").first()).toHaveAttribute("data-status", "paid");
  expect(await fen(page, "balance-paidOutFen")).toBeGreaterThan(0);
  // Both documents are offered once the tax identity is on file.
  await expect(page.getByTestId("download-statement")).toBeVisible();
  await expect(page.getByTestId("download-certificate")).toBeVisible();
  const month = await page.getByTestId("documents-month").inputValue();
  for (const doc of ["statement", "certificate"]) {
    const res = await page.request.get(`/api/shop/tea/income/${doc}?month=${month}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/pdf");
    const body = (await res.body()).toString("latin1");
    expect(body.startsWith("%PDF-")).toBe(true);
    expect(body).toMatch(/\/FontFile2/);
    expect(body).toMatch(/NotoSansSC/);
  }
  const bad = await page.request.get(`/api/shop/tea/income/statement?month=2026-13`);
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("月份");
  await page.screenshot({ path: test.info().outputPath("income.png"), fullPage: true });
});
