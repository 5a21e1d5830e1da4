import { expect, type Page } from "@playwright/test";
import { test } from "@playwright/test";
import { addDimension, signInAs, unique } from "./helpers";

/**
 * Commerce in the browser (PRODUCT.md §3): a shopper arrives on a product
 * through a share link, buys it through the payment simulator, the merchant
 * ships, the shopper confirms receipt and asks for a return, the merchant
 * approves: the refund is recorded and the stock is back.
 */

/** The stock the product page shows for the chosen SKU ("库存 N 件" / "N left"). */
async function shownStock(page: Page): Promise<number> {
  const text = (await page.getByTestId("buy-stock").textContent()) ?? "";
  return Number(/\d+/.exec(text)?.[0] ?? NaN);
}

/** Chooses one spec value (clicking until the page has hydrated and shows it chosen). */
async function pick(page: Page, testId: string) {
  const chip = page.getByTestId(testId);
  await expect(async () => {
    if ((await chip.getAttribute("aria-pressed")) !== "true") await chip.click();
    await expect(chip).toHaveAttribute("aria-pressed", "true", { timeout: 1000 });
  }).toPass();
}

/** Picks the first available value of every spec dimension. */
async function chooseFirstSku(page: Page) {
  await expect(page.getByTestId("buy-price")).toBeVisible();
  for (let i = 0; i < 3; i++) {
    const first = page.locator(`[data-testid^="spec-${i}-"]:not([disabled])`).first();
    if ((await first.count()) === 0) break;
    await pick(page, (await first.getAttribute("data-testid"))!);
  }
  await expect(page.getByTestId("buy-now")).toBeEnabled();
}

test("merchant creates a two-spec product → shopper buys it from a share link through the simulator → ship → receipt → return → refund, stock restored", async ({ page }) => {
  test.setTimeout(180_000);
  // The merchant creates 颜色 × 尺码 (4 SKUs, 10 each) and publishes it.
  await signInAs(page, "owner@demo.local", "/console/products/new");
  const name = unique("双规格茶服");
  await page.getByTestId("product-name").fill(name);
  await page.getByTestId("product-category").selectOption({ label: "绿茶" });
  await addDimension(page, 0, "颜色", ["红", "蓝"]);
  await addDimension(page, 1, "尺码", ["S", "M"]);
  await expect(page.getByTestId("sku-row")).toHaveCount(4);
  await page.getByTestId("apply-all-price").fill("88");
  await page.getByTestId("apply-all-cost").fill("30");
  await page.getByTestId("apply-all-stock").fill("10");
  await page.getByTestId("apply-all-button").click();
  await page.getByTestId("product-save").click();
  await page.waitForURL(/\/console\/products\/[0-9a-f-]{36}\?created=1/);
  const productId = /products\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await page.getByTestId("product-publish").click();
  await expect(page.getByTestId("product-status")).toHaveAttribute("data-status", "on_sale");

  // A distributor's share link to it, opened by a signed-in shopper: pick 蓝 / M.
  const productPath = `/s/tea/p/${productId}`;
  await signInAs(page, "shopper@demo.local", `${productPath}?ref=TEA0002`);
  await expect(page.getByTestId("product-name")).toHaveText(name);
  await pick(page, "spec-0-蓝");
  await pick(page, "spec-1-M");
  const stockBefore = await shownStock(page);
  expect(stockBefore).toBe(10);

  // Buy now → checkout with the saved default address → pay in the simulator.
  await page.getByTestId("buy-now").click();
  await expect(page.getByTestId("checkout-lines")).toBeVisible();
  await page.getByTestId("submit-order").click();
  await expect(page.getByTestId("simulator-notice")).toBeVisible();
  await page.getByTestId("sim-complete").click();
  await expect(page.getByTestId("paid-banner")).toBeVisible();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  const orderUrl = new URL(page.url()).pathname;
  const orderId = orderUrl.split("/").pop()!;

  await page.goto(productPath);
  await pick(page, "spec-0-蓝");
  await pick(page, "spec-1-M");
  expect(await shownStock(page)).toBe(stockBefore - 1);

  // The merchant finds it (came through the distributor's link) and ships it.
  await signInAs(page, "owner@demo.local", `/console/orders?ref=TEA0002`);
  await page.locator(`a[href="/console/orders/${orderId}"]`).click();
  await expect(page.getByText("TEA0002")).toBeVisible();
  await page.locator("#tracking").fill("SF1234567890");
  await page.getByTestId("ship-submit").click();
  await expect(page.getByTestId("order-status").first()).toHaveAttribute("data-status", "shipped");

  // The shopper confirms receipt and asks for a no-reason return with a photo.
  await signInAs(page, "shopper@demo.local", orderUrl);
  await page.getByTestId("order-confirm").click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "received");
  await page.getByTestId("order-return").click();
  await page.locator("#return-reason").fill("不想要了");
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.getByTestId("return-photo").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
  await expect(page.locator('[data-testid="return-form"] img')).toHaveCount(1);
  await page.getByTestId("return-submit").click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "refund_requested");

  // The merchant approves: the money goes back through the simulator, goods back in stock.
  await signInAs(page, "owner@demo.local", `/console/orders/${orderId}`);
  await expect(page.locator('[data-testid="refund-item"] img')).toHaveCount(1);
  // A return puts back every unit by default; the money moves only after the confirmation.
  await expect(page.getByTestId("restock-qty")).toHaveValue(/^[1-9]\d*$/);
  await page.getByTestId("approve-refund").click();
  const confirm = page.getByTestId("refund-confirm");
  await expect(confirm).toContainText(await page.getByTestId("detail-paid").innerText());
  await expect(page.getByTestId("refund-confirm-restock")).toContainText("退回库存");
  await expect(page.getByTestId("order-status").first()).toHaveAttribute("data-status", "refund_requested");
  await confirm.getByRole("button", { name: "确认退款" }).click();
  await expect(page.getByTestId("order-status").first()).toHaveAttribute("data-status", "refunded");
  await expect(page.getByTestId("detail-refunded")).toHaveText(await page.getByTestId("detail-paid").innerText());
  await expect(page.getByTestId("refund-item")).toHaveAttribute("data-status", "succeeded");

  await signInAs(page, "shopper@demo.local", orderUrl);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "refunded");
  await expect(page.getByTestId("order-refunded")).toBeVisible();
  await page.goto(productPath);
  await pick(page, "spec-0-蓝");
  await pick(page, "spec-1-M");
  expect(await shownStock(page)).toBe(stockBefore);
});

test("storefront pages ship only the messages their client parts use", async ({ page }) => {
  // The decorated home has no client part that translates: no message bundle at all.
  const home = await (await page.request.get("/s/tea")).text();
  expect(home).not.toContain("加入购物车"); // shop namespace
  expect(home).not.toContain("商品已创建（草稿）"); // products namespace: console only
  expect(home).not.toContain("运费与售后"); // orders namespace: console only
  const product = home.match(/\/s\/tea\/p\/[0-9a-f-]{36}/)![0];
  const html = await (await page.request.get(product)).text();
  expect(html).toContain("加入购物车"); // shop namespace (the SKU picker needs it)
  expect(html).not.toContain("运费与售后");
  const console = await (await page.request.get("/sign-in")).text();
  expect(console).toContain("运费与售后"); // elsewhere the whole catalogue is shipped
});

test("bad input at checkout shows a clear message in English and keeps the page", async ({ page }) => {
  await signInAs(page, "shopper@demo.local", "/s/beauty");
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("link", { name: "Home" })).toBeVisible();
  await page.getByTestId("product-card").first().click();
  await chooseFirstSku(page);
  await page.getByTestId("buy-now").click();
  await page.getByTestId("new-address").check();
  await page.locator("#addr-name").fill("Liu");
  await page.locator("#addr-phone").fill("12345");
  await page.getByTestId("submit-order").click();
  await expect(page.locator("#addr-phone-error")).toHaveText("Enter a valid mobile number.");
  await expect(page.locator("#addr-detail-error")).toHaveText("Enter the street address.");
  await expect(page).toHaveURL(/\/checkout/);

  // "Me" shows who is signed in and keeps the address book: add, make default, delete.
  await page.goto("/s/beauty/me");
  await expect(page.getByTestId("me-name")).toContainText("刘洋");
  const book = page.getByTestId("address");
  const before = await book.count();
  await page.getByTestId("address-add").click();
  await page.locator("#addr-name").fill("Li Si");
  await page.locator("#addr-phone").fill("139 1111 2222");
  await page.locator("#addr-province").fill("Shanghai");
  await page.locator("#addr-city").fill("Shanghai");
  await page.locator("#addr-detail").fill("1 Century Avenue");
  await page.getByTestId("address-save").click();
  await expect(book).toHaveCount(before + 1);
  const added = book.filter({ hasText: "Li Si" });
  await added.getByTestId("address-make-default").click();
  await expect(added.getByText("Default")).toBeVisible();
  await added.getByTestId("address-delete").click();
  await expect(book).toHaveCount(before);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL((u) => u.pathname === "/s/beauty");
  // Signed out, "my orders" asks to sign in inside the shop, coming back to the orders after.
  await page.goto("/s/beauty/orders");
  await page.waitForURL((u) => u.pathname === "/s/beauty/sign-in" && (u.searchParams.get("next") ?? "").startsWith("/s/beauty/orders"));
});
