import { expect, test } from "@playwright/test";
import { signInAs, unique } from "./helpers";

test("a viewer sees the settings but cannot change them", async ({ page }) => {
  await signInAs(page, "viewer@demo.local");
  await page.goto("/console/settings");
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.locator("#settings-name")).toBeDisabled();
  await expect(page.getByTestId("save-settings")).toHaveCount(0);
  // Members page: no invite form, no role controls.
  await page.goto("/console/members");
  await expect(page.getByTestId("members-table")).toBeVisible();
  await expect(page.getByTestId("send-invite")).toHaveCount(0);
});

test("an owner changes settings (validated), invites a member who joins through the link", async ({ page, browser }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/settings");
  await page.locator("#settings-wechatAppId").fill("not-an-app-id");
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("AppID 应以 wx 开头")).toBeVisible();
  await page.locator("#settings-wechatAppId").fill("wx0123456789abcdef");
  await page.getByTestId("save-settings").click();
  await expect(page.getByRole("status")).toHaveText("已保存");
  // The change is in the overview's activity, in words a merchant reads.
  await page.goto("/console");
  await expect(page.getByText("修改店铺设置").first()).toBeVisible();

  await page.goto("/console/members");
  const email = `${unique("staff")}@example.com`;
  await page.locator("#invite-email").fill(email);
  await page.locator("#invite-role").selectOption("finance");
  await page.getByTestId("send-invite").click();
  const row = page.getByTestId(`invitation-${email}`);
  await expect(row).toBeVisible();
  // The link is shown once, right after inviting, with a copy button; the pending list never shows it.
  const fresh = page.getByTestId("new-invite");
  await expect(fresh).toContainText(email);
  await expect(fresh.getByTestId("copy-invite-link")).toBeVisible();
  const link = (await fresh.getByTestId("invite-link").textContent())!;
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  await expect(row.getByTestId("invite-link")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId(`invitation-${email}`)).toBeVisible();
  await expect(page.getByTestId("invite-link")).toHaveCount(0);
  expect(await page.content()).not.toContain(new URL(link).pathname.split("/").pop()!);
  // Inviting the same address again is refused.
  await page.locator("#invite-email").fill(email);
  await page.getByTestId("send-invite").click();
  await expect(page.getByText("请勿重复邀请")).toBeVisible();

  // The invitee signs up in a separate browser and accepts.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(`/sign-in?next=${encodeURIComponent(new URL(link).pathname)}`);
  await p2.locator("#new-name").fill("新财务");
  await p2.locator("#new-email").fill(email);
  await p2.getByTestId("create-user").click();
  await p2.getByTestId("accept-invitation").click();
  await p2.waitForURL("**/console");
  await expect(p2.getByTestId("console-tenant-name")).toHaveText("青山茶舍");
  await expect(p2.getByTestId("current-role")).toContainText("财务");
  await other.close();

  await page.reload();
  await expect(page.getByTestId(`member-${email}`)).toBeVisible();
});

test("a viewer sees shoppers' phones masked on the orders page; the owner sees them whole", async ({ page, browser }) => {
  await signInAs(page, "viewer@demo.local");
  await page.goto("/console/orders");
  await expect(page.getByText("139****1234").first()).toBeVisible();
  await expect(page.getByText("13900001234")).toHaveCount(0);
  const owner = await browser.newPage();
  await signInAs(owner, "owner@demo.local");
  await owner.goto("/console/orders");
  await expect(owner.getByText("13900001234").first()).toBeVisible();
  // That unmasked read is in the shop's access log, which the owner sees on the members page (the viewer does not).
  await owner.goto("/console/members");
  const latest = owner.getByTestId("pii-access").first();
  await expect(latest).toHaveAttribute("data-surface", "orders.list");
  await expect(latest).toContainText("订单列表");
  await owner.close();
  await page.goto("/console/members");
  await expect(page.getByTestId("pii-log")).toHaveCount(0);
});

test("the operator sees the fraud flags but no buttons to confirm or clear them, nor to run the bonus", async ({ page }) => {
  await signInAs(page, "ops@demo.local");
  await page.goto("/console/distribution/commissions");
  await expect(page.getByTestId("flag-row").first()).toBeVisible();
  await expect(page.getByTestId("flag-clear")).toHaveCount(0);
  await expect(page.getByTestId("flag-confirm")).toHaveCount(0);
  await expect(page.getByTestId("run-bonus")).toHaveCount(0);
});
