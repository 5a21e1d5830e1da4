import { expect, test, type FrameLocator, type Locator, type Page } from "@playwright/test";
import { liveVersion, openDesignTab, signInAs, unique } from "./helpers";

/**
 * The page editor (/console/design/pages/[id], Puck): blocks are dragged in
 * from the palette and around the canvas with the mouse, as a merchant does
 * (Puck's drag and drop runs on pointer events, in an iframe).
 */
test.describe.configure({ mode: "serial" });

async function homePageId(page: Page): Promise<string> {
  const res = await page.request.get("/api/trpc/design.get");
  expect(res.ok()).toBeTruthy();
  const pages = (await res.json()).result.data.json.pages as { id: string; kind: string }[];
  return pages.find((p) => p.kind === "home")!.id;
}

/**
 * Presses on `source`, moves in steps (dnd-kit starts a drag past a distance),
 * crosses the target's middle and drops near its top or bottom edge: Puck
 * places by the side of the middle the pointer ends on, in the direction it moved.
 */
async function dragTo(page: Page, source: Locator, target: Locator, where: "above" | "below") {
  const s = (await source.boundingBox())!;
  const t = (await target.boundingBox())!;
  const from = { x: s.x + Math.min(24, s.width / 2), y: s.y + s.height / 2 };
  const x = t.x + t.width / 2;
  const via = { x, y: where === "above" ? t.y + t.height * 0.75 : t.y + t.height * 0.25 };
  const to = { x, y: where === "above" ? t.y + 3 : t.y + t.height - 3 };
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  const steps = async (a: { x: number; y: number }, b: { x: number; y: number }, n: number) => {
    for (let i = 1; i <= n; i++) {
      await page.mouse.move(a.x + ((b.x - a.x) * i) / n, a.y + ((b.y - a.y) * i) / n);
      await page.waitForTimeout(40);
    }
  };
  await steps(from, via, 12);
  await steps(via, to, 8);
  await page.waitForTimeout(300);
  await page.mouse.up();
}

/** Puck keeps a hidden copy of the fields panel for small screens: the one on screen. */
const shown = (l: Locator) => l.filter({ visible: true });
const blockTypes = (canvas: FrameLocator) => canvas.getByTestId("canvas-block").evaluateAll((els) => els.map((e) => e.getAttribute("data-block-type")));
const saved = (page: Page) => expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "saved", { timeout: 15_000 });

async function openEditor(page: Page, id: string) {
  await page.goto(`/console/design/pages/${id}`);
  await expect(page.getByTestId("save-status")).toBeVisible({ timeout: 60_000 });
  const canvas = page.frameLocator("iframe");
  await expect(canvas.getByTestId("canvas-block").first()).toBeVisible({ timeout: 30_000 });
  return canvas;
}

test("an owner adds a notice bar and a product grid to the home page, reorders them, and they are saved in that order; an empty notice is refused and the last valid save stands; previewed, published and rolled back, the shop shows them and then not", async ({ page, context }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 1000 });
  await signInAs(page, "owner@demo.local");
  const id = await homePageId(page);
  let canvas = await openEditor(page, id);
  const before = await blockTypes(canvas);
  // The canvas is a 375 px phone in the shop's theme.
  await expect(page.locator("iframe")).toHaveJSProperty("offsetWidth", 375);
  await expect(canvas.getByTestId("editor-canvas")).toHaveAttribute("style", /--brand-primary/);

  // A notice bar on top: invalid until it has text (the field says so), then saved.
  await dragTo(page, page.getByText("公告栏", { exact: true }).first(), canvas.getByTestId("canvas-block").first(), "above");
  await expect.poll(() => blockTypes(canvas)).toEqual(["noticeBar", ...before]);
  await expect(shown(page.getByTestId("field-error-text"))).toHaveText("请填写内容");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "invalid");
  const notice = unique("全场包邮");
  await shown(page.locator('[data-field-name="text"] input')).fill(notice);
  await expect(shown(page.getByTestId("field-error-text"))).toHaveCount(0);
  await expect(canvas.getByTestId("canvas-block").first()).toContainText(notice);
  await saved(page);

  // A product grid under the notice, with a title, then dragged above it.
  await dragTo(page, page.getByText("商品网格", { exact: true }).first(), canvas.getByTestId("canvas-block").first(), "below");
  await expect.poll(() => blockTypes(canvas)).toEqual(["noticeBar", "productGrid", ...before]);
  const title = unique("本周推荐");
  await shown(page.locator('[data-field-name="title"] input')).fill(title);
  await expect(canvas.getByText(title)).toBeVisible();
  await saved(page);
  await dragTo(page, canvas.getByTestId("canvas-block").nth(1), canvas.getByTestId("canvas-block").first(), "above");
  await expect.poll(() => blockTypes(canvas)).toEqual(["productGrid", "noticeBar", ...before]);
  await saved(page);

  // Reloaded from the server: the same blocks in the same order, the grid with the shop's products.
  await page.reload();
  canvas = await openEditor(page, id);
  await expect.poll(() => blockTypes(canvas)).toEqual(["productGrid", "noticeBar", ...before]);
  await expect(canvas.getByTestId("canvas-block").first()).toContainText(title);
  await expect(canvas.getByTestId("canvas-block").nth(1)).toContainText(notice);
  await expect(canvas.getByTestId("canvas-block").first().getByTestId("product-card").first()).toBeVisible();

  // Emptying the notice: a field message, the problem listed by block, nothing saved.
  await canvas.getByTestId("canvas-block").nth(1).click();
  await shown(page.locator('[data-field-name="text"] input')).fill("");
  await expect(shown(page.getByTestId("field-error-text"))).toHaveText("请填写内容");
  await expect(page.getByTestId("save-status")).toHaveAttribute("data-status", "invalid");
  await page.getByTestId("issues-toggle").click();
  await expect(page.getByTestId("issue-item")).toContainText("第 2 个模块 · 公告栏");
  await page.waitForTimeout(2000);
  await page.reload();
  canvas = await openEditor(page, id);
  await expect(canvas.getByTestId("canvas-block").nth(1)).toContainText(notice);

  // On the phone link the drafts show the two blocks; the shop itself does not until they are published.
  await page.goto("/console/design");
  await openDesignTab(page, "发布");
  const live = await liveVersion(page);
  await page.getByTestId("preview-link").click();
  const link = await page.getByTestId("preview-url").inputValue();
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 375, height: 812 });
  await phone.goto(link);
  await expect(phone.getByTestId("preview-banner")).toBeVisible();
  const shopBlocks = phone.locator("[data-block-type]");
  await expect(shopBlocks.first()).toContainText(title);
  await expect(shopBlocks.nth(1)).toContainText(notice);
  await phone.goto("/s/tea");
  await expect(phone.getByTestId("storefront")).toBeVisible();
  await expect(phone.getByText(title)).toHaveCount(0);

  // Published: the shop's home has the grid, with the shop's products, above the notice.
  await page.locator("#release-note").fill(unique("首页上新"));
  await page.getByTestId("publish").click();
  await expect(page.getByTestId("design-toast")).toHaveText(`已发布 v${live + 1}`);
  await phone.reload();
  await expect(shopBlocks.first()).toHaveAttribute("data-block-type", "productGrid");
  await expect(shopBlocks.first()).toContainText(title);
  await expect(shopBlocks.first().getByTestId("product-card").first()).toBeVisible();
  await expect(shopBlocks.nth(1)).toContainText(notice);
  await phone.screenshot({ path: test.info().outputPath("published-home.png") });

  // Rolled back to the release before: the shop is as it was.
  const previous = page.getByTestId(`release-v${live}`);
  await previous.getByTestId("rollback").click();
  await previous.getByTestId("confirm-rollback").click();
  await expect(page.getByTestId("design-toast")).toHaveText(`已回滚到 v${live}，新版本 v${live + 2}`);
  await phone.reload();
  await expect(phone.getByTestId("storefront")).toBeVisible();
  await expect(phone.getByText(title)).toHaveCount(0);
  await expect(phone.getByText(notice)).toHaveCount(0);
  await phone.close();
});

test("a viewer sees the page read-only, without the editor", async ({ page }) => {
  await signInAs(page, "viewer@demo.local");
  const id = await homePageId(page);
  await page.goto(`/console/design/pages/${id}`);
  await expect(page.getByTestId("editor-read-only")).toBeVisible();
  await expect(page.getByTestId("block-preview").first()).toBeVisible();
  await expect(page.getByTestId("page-editor")).toHaveCount(0);
  await expect(page.locator("iframe")).toHaveCount(0);
});
