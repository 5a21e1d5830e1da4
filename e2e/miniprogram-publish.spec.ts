import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { signInAs } from "./helpers";

/**
 * Publishing the shop's mini-program against the local fake WeChat
 * (playwright.config.ts starts it): the operator picks a template, the
 * merchant authorizes, downloads the package, submits, WeChat's audit push
 * arrives, the merchant releases, then rolls back; then the same in English.
 */
const FAKE = `http://127.0.0.1:${Number(process.env.FAKE_WECHAT_PORT || 3199)}`;

test("operator template → merchant authorizes, downloads, submits, releases, rolls back", async ({ page, request }) => {
  test.setTimeout(180_000);
  // WeChat pushes the component_verify_ticket (every 10 minutes in production).
  const ticket = await request.post(`${FAKE}/__push/ticket`);
  expect(await ticket.text()).toBe("success");

  await signInAs(page, "operator@demo.local", "/platform/wechat");
  await page.waitForURL("**/platform/wechat");
  await expect(page.getByTestId("ticket-status")).toHaveAttribute("data-state", "received");
  for (const name of ["WECHAT_COMPONENT_APPID", "WECHAT_COMPONENT_SECRET", "WECHAT_COMPONENT_TOKEN", "WECHAT_COMPONENT_AES_KEY"]) {
    await expect(page.locator(`[data-testid="wechat-env-var"][data-name="${name}"]`)).toHaveAttribute("data-state", "set");
  }
  if ((await page.getByTestId("template").count()) === 0) {
    await page.getByTestId("template-draft").first().getByTestId("add-to-templates").click();
    await expect(page.getByTestId("template").first()).toBeVisible();
  }
  const chooser = page.getByTestId("template").first().getByTestId("choose-template");
  if (await chooser.count()) await chooser.click();
  await expect(page.getByTestId("current-template")).toContainText(/当前模板：\d+/);

  await page.context().clearCookies();
  await signInAs(page, "owner@demo.local", "/console/miniprogram");
  await page.waitForURL("**/console/miniprogram");
  await page.getByTestId("authorize").click();
  // The fake WeChat authorization page: the merchant confirms, WeChat sends them back.
  await page.waitForURL(/componentloginpage/);
  await page.locator("#confirm").click();
  await page.waitForURL("**/console/miniprogram?**");
  await expect(page.getByTestId("authorized-banner")).toContainText("青山茶舍小程序");
  await expect(page.getByTestId("auth-status")).toHaveAttribute("data-status", "authorized");
  await expect(page.getByTestId("auth-appid")).toHaveText("wxfakeauthorizer01");

  // The package of the newest release: the template plus ext.json naming the shop and the release.
  const release = page.getByTestId("mp-release").first();
  const version = Number(await release.getAttribute("data-version"));
  const [download] = await Promise.all([page.waitForEvent("download"), release.getByTestId("download-package").click()]);
  const zip = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
  expect(Object.keys(zip)).toContain("app.json");
  const ext = JSON.parse(strFromU8(zip["ext.json"]!));
  expect(ext).toMatchObject({ extEnable: true, extAppid: "wxfakeauthorizer01", ext: { tenant: "tea", slug: "tea", release: version } });
  expect(ext.ext.tenantId).toMatch(/^[0-9a-f-]{36}$/);

  // A callback link made elsewhere (someone else's auth_code with this shop's id, no state from this browser) binds nothing.
  await page.goto(`/api/wechat/authorize/callback?auth_code=forged-code&tenant=${ext.ext.tenantId}`);
  await expect(page.getByTestId("auth-error")).toContainText("授权链接已失效");
  await expect(page.getByTestId("auth-appid")).toHaveText("wxfakeauthorizer01");

  // With the team bonus on and review-safe mode off (the seeded tea, unless an earlier spec turned it on),
  // submitting asks to turn review-safe mode on first; otherwise it submits at once.
  const needsSafe = (await release.locator(`[data-testid="submit-${version}"]`).getAttribute("data-needs-review-safe")) === "true";
  await release.getByTestId("submit-release").click();
  if (needsSafe) await page.getByTestId("review-safe-confirm").click();
  else await expect(page.getByTestId("review-safe-dialog")).toHaveCount(0);
  const submission = page.locator(`[data-testid="mp-submission"][data-version="${version}"]`).first();
  await expect(submission).toHaveAttribute("data-status", "auditing", { timeout: 30_000 });
  await expect(submission.getByTestId("submission-timeline")).toContainText("代码检测中");

  const pushed = await request.post(`${FAKE}/__push/weapp_audit_success`);
  expect(await pushed.text()).toBe("success");
  await page.reload();
  await expect(submission).toHaveAttribute("data-status", "passed");
  await submission.getByTestId("release-now").click();
  await expect(submission).toHaveAttribute("data-status", "released");
  await expect(page.getByTestId("live-version")).toContainText(`1.0.${version}`);

  // The same page in English, and the rollback (WeChat's revertcoderelease).
  await page.context().addCookies([{ name: "NEXT_LOCALE", value: "en", url: new URL(page.url()).origin }]);
  await page.reload();
  await expect(page.getByTestId("live-version")).toContainText(`Live version: 1.0.${version}`);
  await expect(submission.getByTestId("submission-status")).toHaveText("Released");
  page.once("dialog", (d) => void d.accept());
  await page.getByTestId("revert-release").click();
  await expect(submission).toHaveAttribute("data-status", "reverted");
  await expect(submission.getByTestId("submission-status")).toHaveText("Rolled back");
  await expect(page.getByTestId("live-version")).toContainText("No live version yet");

  // Once more, all in English: the same release downloaded, submitted, passed by WeChat and released.
  await expect(page.getByRole("navigation", { name: "breadcrumb" })).toContainText("Mini-program");
  await expect(page.getByRole("heading", { name: "Releases" })).toBeVisible();
  await expect(page.getByTestId("auth-status")).toHaveAttribute("data-status", "authorized");
  await expect(release.getByTestId("download-package")).toHaveText(/Download/);
  const [again] = await Promise.all([page.waitForEvent("download"), release.getByTestId("download-package").click()]);
  const zip2 = unzipSync(new Uint8Array(fs.readFileSync((await again.path())!)));
  expect(JSON.parse(strFromU8(zip2["ext.json"]!)).ext).toMatchObject({ tenant: "tea", release: version });
  await expect(release.getByTestId("submit-release")).toHaveText("Submit for review");
  await release.getByTestId("submit-release").click();
  // Review-safe mode was turned on (or was already on) in the first round: no question this time.
  await expect(page.getByTestId("review-safe-dialog")).toHaveCount(0);
  const second = page.locator(`[data-testid="mp-submission"][data-version="${version}"]`).first();
  await expect(second).toHaveAttribute("data-status", "auditing", { timeout: 30_000 });
  await expect(second.getByTestId("submission-timeline")).toContainText("Code check");
  expect(await (await request.post(`${FAKE}/__push/weapp_audit_success`)).text()).toBe("success");
  await page.reload();
  await expect(second).toHaveAttribute("data-status", "passed");
  await expect(second.getByTestId("release-now")).toHaveText("Release");
  await second.getByTestId("release-now").click();
  await expect(second).toHaveAttribute("data-status", "released");
  await expect(second.getByTestId("submission-status")).toHaveText("Released");
  await expect(page.getByTestId("live-version")).toContainText(`Live version: 1.0.${version}`);
  await expect(page.locator(`[data-testid="mp-submission"][data-version="${version}"][data-status="reverted"]`)).toHaveCount(1);
});
