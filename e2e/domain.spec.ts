import { expect, test } from "@playwright/test";
import { PORT, publishTxt, signInAs, unique } from "./helpers";

test("a custom domain serves the tenant's storefront only once verified; a verified domain is refused to others", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/settings");
  const domain = `tea-${Date.now().toString(36)}.test`;
  await page.locator("#settings-customDomain").fill("not a domain");
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("域名格式不正确")).toBeVisible();
  await page.locator("#settings-customDomain").fill(domain);
  await page.getByTestId("save-settings").click();
  await expect(page.getByRole("status")).toHaveText("已保存");

  // Saved, not yet proven: pending, with the record to publish; the host serves no shop.
  const panel = page.getByTestId("domain-verification");
  await expect(page.getByTestId("domain-status")).toHaveText("待验证");
  await expect(page.getByTestId("domain-txt-name")).toHaveText(`_mall-verify.${domain}`);
  const value = (await page.getByTestId("domain-txt-value").textContent())!;
  expect(value).toMatch(/^mall-verify=[0-9a-f]{32}$/);
  const shop = await page.context().newPage();
  await shop.goto(`http://${domain}:${PORT}/`);
  await expect(shop.getByTestId("storefront")).toHaveCount(0);

  // Verify before the record exists: failed, with the reason.
  await page.getByTestId("verify-domain").click();
  await expect(page.getByTestId("domain-status")).toHaveText("失败");
  await expect(page.getByTestId("domain-failure")).toContainText("没有找到验证记录");

  // The merchant publishes the TXT record and verifies again.
  publishTxt(`_mall-verify.${domain}`, value);
  await page.getByTestId("verify-domain").click();
  await expect(page.getByTestId("domain-status")).toHaveText("已验证");
  await expect(panel).toHaveAttribute("data-status", "verified");

  await shop.goto(`http://${domain}:${PORT}/`);
  await expect(shop.getByTestId("storefront")).toHaveAttribute("data-tenant", "tea");
  await expect(shop.getByTestId("storefront-name")).toHaveText("青山茶舍");
  await shop.close();

  // The agency cannot claim the same domain for one of its tenants.
  await page.context().clearCookies();
  await signInAs(page, "agency@demo.local");
  await page.goto("/agency");
  await page.getByTestId("enter-fresh").click();
  await page.waitForURL("**/console");
  await page.goto("/console/settings");
  await page.locator("#settings-customDomain").fill(domain);
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("已被其他店铺使用")).toBeVisible();
});

test("a renamed shop's old link (a printed QR code) lands on the new slug with its query, and the old slug is taken", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/sign-in?next=/onboarding");
  await expect(page.getByTestId("local-signin-notice")).toBeVisible();
  await page.locator("#new-name").fill("改名店主");
  await page.locator("#new-email").fill(`${unique("rename-owner")}@example.com`);
  await page.getByTestId("create-user").click();
  await page.waitForURL("**/onboarding");
  const oldSlug = unique("leaf").toLowerCase();
  const newSlug = `${oldSlug}-new`;
  await page.getByTestId("template-tea").check({ force: true });
  await page.locator("#tenant-name").fill("一叶茶铺");
  await page.locator("#tenant-slug").fill(oldSlug);
  await page.getByTestId("create-tenant").click();
  await page.waitForURL("**/console");

  await page.goto("/console/settings");
  await page.locator("#settings-slug").fill(newSlug);
  await page.getByTestId("save-settings").click();
  await expect(page.getByRole("status")).toHaveText("已保存");

  // The old address answers a permanent redirect, path and query kept…
  const hop = await page.request.get(`/s/${oldSlug}/search?ref=SHARE01&from=qr`, { maxRedirects: 0 });
  expect(hop.status()).toBe(308);
  expect(new URL(hop.headers()["location"]!, `http://localhost:${PORT}`).pathname + new URL(hop.headers()["location"]!, `http://localhost:${PORT}`).search).toBe(
    `/s/${newSlug}/search?ref=SHARE01&from=qr`,
  );
  // …and a shopper following it lands on the renamed shop with the share code intact.
  const landed = await page.goto(`/s/${oldSlug}?ref=SHARE01`);
  expect(new URL(landed!.url()).pathname).toBe(`/s/${newSlug}`);
  expect(new URL(landed!.url()).searchParams.get("ref")).toBe("SHARE01");
  await expect(page.getByTestId("storefront")).toHaveAttribute("data-tenant", newSlug);

  // Nobody else can take the old slug meanwhile.
  await page.context().clearCookies();
  await signInAs(page, "agency@demo.local");
  await page.goto("/agency");
  await page.getByTestId("enter-fresh").click();
  await page.waitForURL("**/console");
  await page.goto("/console/settings");
  await page.locator("#settings-slug").fill(oldSlug);
  await page.getByTestId("save-settings").click();
  await expect(page.getByText(`店铺地址「${oldSlug}」已被占用`)).toBeVisible();
});
