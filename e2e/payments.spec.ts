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

test("WeChat Pay saved for a sub-merchant of a platform without WeChat Pay keys says it is not in use, and why", async ({ page }) => {
  await signInAs(page, "owner@demo.local", "/console/settings/payments");
  const badge = page.getByTestId("wechatpay-configured");
  await expect(badge).toHaveText("已保存，未生效");
  await expect(badge).toHaveAttribute("data-usable", "false");
  await expect(page.getByTestId("wechatpay-missing")).toContainText("WECHATPAY_SP_");
  await expect(page.getByTestId("wechatpay-missing")).toContainText("模拟");
});
