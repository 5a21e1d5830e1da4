import { expect, type Page } from "@playwright/test";
import { test } from "@playwright/test";
import { signInAs } from "./helpers";

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

/** Picks the first available value of every spec dimension. */
async function chooseFirstSku(page: Page) {
  await expect(page.getByTestId("buy-price")).toBeVisible();
  for (let i = 0; i < 3; i++) {
    const first = page.locator(`[data-testid^="spec-${i}-"]:not([disabled])`).first();
    if ((await first.count()) === 0) break;
    // Clicks until the page has hydrated and the choice shows as made.
    await expect(async () => {
      if ((await first.getAttribute("aria-pressed")) !== "true") await first.click();
      await expect(first).toHaveAttribute("aria-pressed", "true", { timeout: 1000 });
    }).toPass();
  }
  await expect(page.getByTestId("buy-now")).toBeEnabled();
}

test("share link → buy through the simulator → ship → confirm receipt → return → refund, stock restored", async ({ page }) => {
  // A share link to a product of the tea shop, opened by a signed-in shopper.
  await signInAs(page, "shopper@demo.local", "/s/tea");
  await page.getByTestId("product-card").nth(3).click();
  await expect(page.getByTestId("product-name")).toBeVisible();
  const productUrl = new URL(page.url());
  await page.goto(`${productUrl.pathname}?ref=TEA0002`);
  await chooseFirstSku(page);
  const stockBefore = await shownStock(page);
  expect(stockBefore).toBeGreaterThan(1);

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

  await page.goto(productUrl.pathname);
  await chooseFirstSku(page);
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
  await page.getByTestId("approve-refund").click();
  await expect(page.getByTestId("order-status").first()).toHaveAttribute("data-status", "refunded");
  await expect(page.getByTestId("detail-refunded")).toHaveText(await page.getByTestId("detail-paid").innerText());
  await expect(page.getByTestId("refund-item")).toHaveAttribute("data-status", "succeeded");

  await signInAs(page, "shopper@demo.local", orderUrl);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "refunded");
  await expect(page.getByTestId("order-refunded")).toBeVisible();
  await page.goto(productUrl.pathname);
  await chooseFirstSku(page);
  expect(await shownStock(page)).toBe(stockBefore);
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
});
