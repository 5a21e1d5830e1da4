import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

/**
 * A card dispute (chargeback) the provider reported (the seed opens one per demo shop through the same code a
 * charge.dispute.created webhook runs, packages/db/src/queries/disputes.ts): finance sees it among the open
 * disputes, follows it to the order, and the order says what it means for the commission. The shopper's own
 * order page does not show it.
 */
test("finance sees an open dispute, and the order says its commission is held", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, "owner@demo.local", "/console/finance");
  const open = page.getByTestId("finance-dispute");
  await expect(open).toHaveCount(1);
  await expect(open).toContainText("未收到商品");
  await page.screenshot({ path: test.info().outputPath("finance-disputes.png"), fullPage: true });

  await open.getByRole("link").click();
  await expect(page).toHaveURL(/\/console\/orders\/[0-9a-f-]{36}$/);
  const dispute = page.getByTestId("order-dispute");
  await expect(dispute).toHaveAttribute("data-status", "open");
  await expect(dispute).toContainText("争议中");
  await expect(dispute).toContainText("不结算，也不能提现");
  await expect(page.getByTestId("order-timeline")).toContainText("持卡人发起争议");
  await page.screenshot({ path: test.info().outputPath("order-dispute.png"), fullPage: true });

  // In English too.
  const orderPath = new URL(page.url()).pathname;
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: page.url() }]);
  await page.goto(orderPath);
  await expect(page.getByTestId("order-dispute")).toContainText("Open");
  await expect(page.getByTestId("order-dispute")).toContainText("cannot be withdrawn");
});

test("the shopper's order page shows nothing of the dispute", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "shopper@demo.local", "/s/tea/orders");
  const orders = page.locator('a[href*="/s/tea/orders/"]');
  await expect(orders.first()).toBeVisible();
  for (const href of await orders.evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")!))])) {
    await page.goto(href);
    await expect(page.getByTestId("order-timeline")).toBeVisible();
    await expect(page.getByTestId("order-timeline")).not.toContainText("争议");
  }
});
