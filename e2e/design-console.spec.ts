import { expect, test, type Page } from "@playwright/test";
import { liveVersion, openDesignTab as openTab, signInAs, unique } from "./helpers";

/**
 * The merchant's 店铺装修 screens (issue 12) on the tea demo: the owner edits
 * the theme (a foreground that fails contrast is refused before anything is
 * saved), publishes, previews the drafts on the signed link and rolls back;
 * landing pages are created with their slug errors on the field; a viewer
 * sees every screen without a write control. Seeded shops open with v1; the
 * versions after it are counted from what the history shows first, so the
 * spec holds after other specs have published.
 */

/** The mini-program's page read (kept in memory by the app and answered before routing): the live release's version. */
async function miniprogramHomeVersion(page: Page) {
  const input = encodeURIComponent(JSON.stringify({ json: { shop: "tea", kind: "home" } }));
  const res = await page.request.get(`/api/trpc/shop.catalog.page?input=${input}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { result: { data: { json: { version: number } } } }).result.data.json.version;
}

test("the owner changes the primary colour, publishes, previews on the phone link and rolls back to v1", async ({ page, context }) => {
  test.setTimeout(150_000);
  await signInAs(page, "owner@demo.local");
  await page.goto("/console");
  await page.getByRole("link", { name: "店铺装修" }).click();
  await expect(page).toHaveURL(/\/console\/design$/);
  await expect(page.getByTestId("theme-form")).toBeVisible();

  const background = await page.locator("#theme-background").inputValue();
  const foreground = await page.locator("#theme-foreground").inputValue();
  // Text the colour of its background: the pair is named as the merchant types, and the save sends nothing.
  await page.locator("#theme-foreground").fill(background);
  await expect(page.getByTestId("contrast-failure")).toContainText("“文字颜色”在“背景色”上的对比度只有 1.00:1");
  await page.getByTestId("save-theme").click();
  await expect(page.getByTestId("contrast-failure")).toContainText("请先调整颜色");
  await expect(page.getByTestId("theme-saved")).toHaveCount(0);
  await page.reload();
  await expect(page.locator("#theme-foreground")).toHaveValue(foreground);

  // A new primary: the phone preview follows before saving.
  await page.locator("#theme-primary").fill("#7c2d12");
  await expect(page.getByTestId("contrast-failure")).toHaveCount(0);
  await expect(page.getByTestId("preview-header")).toHaveCSS("background-color", "rgb(124, 45, 18)");
  await expect(page.getByTestId("preview-button")).toHaveCSS("background-color", "rgb(124, 45, 18)");
  await page.getByTestId("save-theme").click();
  await expect(page.getByTestId("theme-saved")).toHaveText("草稿已保存");
  await expect(page.getByTestId("design-unpublished")).toBeVisible();
  await page.reload();
  await expect(page.locator("#theme-primary")).toHaveValue("#7c2d12");

  await openTab(page, "发布");
  await expect(page.getByTestId("release-v1")).toBeVisible();
  const before = await liveVersion(page);
  // 手机预览 before publishing: the signed link to the drafts, as text, copy button and QR code; the whole phone, header too, in the draft colour, the shop not yet.
  await page.getByTestId("preview-link").click();
  const url = page.getByTestId("preview-url");
  await expect(url).toHaveValue(/^http:\/\/localhost:\d+\/s\/tea\?preview=/);
  await expect(page.getByTestId("preview-qr")).toHaveAttribute("src", /^data:image\/png;base64,/);
  await expect(page.getByTestId("preview-expires")).toContainText("有效期至");
  const link = await url.inputValue();
  await expect(page.getByTestId("preview-qr")).toHaveAttribute("data-payload", link);
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 812 });
  const res = await phone.goto(link);
  expect(res?.ok()).toBe(true);
  await expect(phone.getByTestId("storefront")).toBeVisible();
  await expect(phone.getByTestId("preview-banner")).toBeVisible();
  await expect(phone.locator("header").first()).toHaveCSS("background-color", "rgb(124, 45, 18)");
  await phone.goto("/s/tea");
  await expect(phone.locator("header").first()).not.toHaveCSS("background-color", "rgb(124, 45, 18)");

  // The mini-program reads the live release (and keeps its answer) before the publish.
  expect(await miniprogramHomeVersion(page)).toBe(before);
  expect(await miniprogramHomeVersion(page)).toBe(before);

  await page.locator("#release-note").fill("春季主色");
  await page.getByTestId("publish").click();
  await expect(page.getByTestId("design-toast")).toHaveText(`已发布 v${before + 1}`);
  const published = page.getByTestId(`release-v${before + 1}`);
  await expect(published).toHaveAttribute("data-live", "true");
  await expect(published).toContainText("春季主色");
  await expect(published).toContainText("茶舍老板");
  await expect(published.getByTestId("release-changes")).toContainText("主题：主色");
  await expect(page.getByTestId("design-up-to-date")).toBeVisible();
  // The live release has no rollback; the earlier ones have.
  await expect(published.getByTestId("rollback")).toHaveCount(0);
  // The publish dropped the mini-program's kept answer: it reads the new release at once.
  expect(await miniprogramHomeVersion(page)).toBe(before + 1);

  // The shop itself, published: its header in the new colour, no preview banner.
  await phone.goto("/s/tea");
  await expect(phone.getByTestId("preview-banner")).toHaveCount(0);
  await expect(phone.locator("header").first()).toHaveCSS("background-color", "rgb(124, 45, 18)");

  // 回滚 to v1: a new release with v1's content, confirmed first.
  const v1 = page.getByTestId("release-v1");
  await v1.getByTestId("rollback").click();
  await expect(v1.getByTestId("rollback-confirm")).toContainText("回滚到 v1？");
  await v1.getByTestId("confirm-rollback").click();
  await expect(page.getByTestId("design-toast")).toHaveText(`已回滚到 v1，新版本 v${before + 2}`);
  const rolled = page.getByTestId(`release-v${before + 2}`);
  await expect(rolled).toHaveAttribute("data-live", "true");
  await expect(rolled).toContainText("回滚自 v1");
  await expect(rolled.getByTestId("release-changes")).toContainText("主题：主色");
  expect(await miniprogramHomeVersion(page)).toBe(before + 2);
  // The shop shows v1's colours again at once.
  await phone.reload();
  await expect(phone.locator("header").first()).not.toHaveCSS("background-color", "rgb(124, 45, 18)");
  await phone.close();
  // The drafts follow the rollback.
  await openTab(page, "主题");
  await expect(page.locator("#theme-primary")).not.toHaveValue("#7c2d12");
});

test("landing pages: slug errors on the field, create, edit link and confirmed delete", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/design/pages");
  await expect(page.getByTestId("design-page-home")).toBeVisible();
  await expect(page.getByTestId("design-page-category")).toBeVisible();

  await page.locator("#page-slug").fill("春季 sale");
  await page.getByTestId("create-page").click();
  await expect(page.locator("#page-slug-error")).toHaveText("页面地址只能包含小写字母、数字和连字符");

  const slug = unique("spring").toLowerCase();
  await page.locator("#page-slug").fill(slug);
  await page.locator("#page-title").fill("春茶上新");
  await page.getByTestId("create-page").click();
  await expect(page.getByTestId("page-created")).toContainText(`/pages/${slug}`);
  const row = page.getByTestId(`design-page-${slug}`);
  await expect(row).toContainText("春茶上新");
  await expect(row).toContainText(`/pages/${slug}`);
  await expect(row.getByTestId("edit-page")).toHaveAttribute("href", /^\/console\/design\/pages\/[0-9a-f-]{36}$/);

  // The same address again: the server's page.slugTaken on the field.
  await page.locator("#page-slug").fill(slug);
  await page.getByTestId("create-page").click();
  await expect(page.locator("#page-slug-error")).toHaveText("这个页面地址已被其他页面使用");

  // Home and category cannot be deleted; a landing page is, after a confirmation.
  await expect(page.getByTestId("design-page-home").getByTestId("delete-page")).toHaveCount(0);
  await row.getByTestId("delete-page").click();
  await expect(row.getByTestId("delete-page-confirm")).toContainText("春茶上新");
  await row.getByTestId("confirm-delete-page").click();
  await expect(row).toHaveCount(0);
});

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

test("logo upload and a tab to a landing page, reordered, saved and put back", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  const slug = unique("tab").toLowerCase();
  await page.goto("/console/design/pages");
  await page.locator("#page-slug").fill(slug);
  await page.locator("#page-title").fill("新品");
  await page.getByTestId("create-page").click();
  await expect(page.getByTestId(`design-page-${slug}`)).toBeVisible();

  await openTab(page, "主题");
  // The logo is an upload of the shop's own, previewed on the form and in the phone header.
  await page.getByTestId("theme-logo-upload").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("theme-logo-preview")).toHaveAttribute("src", /^\/api\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("preview-header").locator("img")).toHaveCount(1);

  // A tab to the new landing page, moved to the front; the preview's tab bar follows.
  // (A full bar of 5 has no add button: the template's last-but-one tab goes first.)
  if ((await page.locator('[data-testid="tabBar-editor"] > ol > li').count()) === 5) await page.getByTestId("tabBar-2-remove").click();
  const items = await page.locator('[data-testid="tabBar-editor"] > ol > li').count();
  await page.getByTestId("tabBar-add").click();
  const last = items;
  await page.locator(`#tabBar-${last}-target`).selectOption("page");
  await page.locator(`#tabBar-${last}-page`).selectOption(slug);
  await expect(page.locator(`#tabBar-${last}-zh`)).toHaveValue("新品");
  // An empty English label is refused on its field.
  await page.locator(`#tabBar-${last}-en`).fill("");
  await page.getByTestId("save-theme").click();
  await expect(page.locator(`#tabBar-${last}-en-error`)).toHaveText("请填写名称");
  await page.locator(`#tabBar-${last}-en`).fill("New");
  for (let i = last; i > 0; i--) await page.getByTestId(`tabBar-${i}-up`).click();
  await expect(page.locator("#tabBar-0-zh")).toHaveValue("新品");
  await expect(page.getByTestId("preview-tab-bar")).toContainText("新品");
  await page.getByTestId("save-theme").click();
  await expect(page.getByTestId("theme-saved")).toBeVisible();
  await page.reload();
  await expect(page.locator("#tabBar-0-page")).toHaveValue(slug);
  await expect(page.getByTestId("theme-logo-preview")).toBeVisible();

  // Put the drafts back as they were (later specs publish them).
  await page.getByTestId("theme-logo-remove").click();
  await expect(page.getByTestId("theme-logo-preview")).toHaveCount(0);
  await page.getByTestId("tabBar-0-remove").click();
  await page.getByTestId("save-theme").click();
  await expect(page.getByTestId("theme-saved")).toBeVisible();
  await openTab(page, "页面");
  const row = page.getByTestId(`design-page-${slug}`);
  await row.getByTestId("delete-page").click();
  await row.getByTestId("confirm-delete-page").click();
  await expect(row).toHaveCount(0);
});

test("a viewer sees the store design screens without any write control", async ({ page }) => {
  await signInAs(page, "viewer@demo.local");
  await page.goto("/console/design");
  await expect(page.getByTestId("theme-form")).toBeVisible();
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.locator("#theme-primary")).toBeDisabled();
  await expect(page.getByTestId("theme-preview")).toBeVisible();
  await expect(page.getByTestId("save-theme")).toHaveCount(0);
  await expect(page.getByTestId("theme-logo-upload")).toHaveCount(0);
  await expect(page.getByTestId("tabBar-add")).toHaveCount(0);
  await expect(page.getByTestId("tabBar-0-up")).toHaveCount(0);

  await openTab(page, "页面");
  await expect(page.getByTestId("design-pages")).toBeVisible();
  await expect(page.getByTestId("create-page-form")).toHaveCount(0);
  await expect(page.getByTestId("edit-page")).toHaveCount(0);
  await expect(page.getByTestId("delete-page")).toHaveCount(0);

  await openTab(page, "发布");
  await expect(page.getByTestId("release-v1")).toBeVisible();
  await expect(page.getByTestId("publish-form")).toHaveCount(0);
  await expect(page.getByTestId("preview-link")).toHaveCount(0);
  await expect(page.getByTestId("rollback")).toHaveCount(0);

  // The same screens in English.
  await openTab(page, "主题");
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { name: "Store design" })).toBeVisible();
  await expect(page.getByTestId("design-tabs")).toContainText("Theme");
  await expect(page.getByText("Live preview")).toBeVisible();
  await openTab(page, "Releases");
  await expect(page.getByRole("heading", { name: "Release history" })).toBeVisible();
  await expect(page.getByTestId("release-v1")).toContainText("First release");
  await page.getByTestId("language-switch").click();
  await expect(page.getByRole("heading", { name: "发布记录" })).toBeVisible();
});
