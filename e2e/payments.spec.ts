import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

test("without Stripe keys, the payments settings say the local simulator takes payments", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/settings");
  await page.getByTestId("settings-payments-link").click();
  await page.waitForURL("**/console/settings/payments");
  const notice = page.getByTestId("payments-simulator");
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("本地模拟支付");
  await expect(page.getByTestId("stripe-connect")).toHaveCount(0);
});
