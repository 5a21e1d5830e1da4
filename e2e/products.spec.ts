import { expect, test } from "@playwright/test";
import { addDimension, signInAs, unique } from "./helpers";

/** A 1×1 PNG, made in the test (no fixture files). */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC", "base64");

test.describe.configure({ mode: "serial" });

test("a merchant creates a product with two spec dimensions, publishes it, sees it in the store, bulk-edits its stock and renames it: the product page (a cached render) shows each change at once", async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/products");
  await expect(page.getByTestId("products-table")).toBeVisible();
  await page.getByTestId("product-new").click();

  const name = unique("双规格T恤");
  await page.getByTestId("product-name").fill(name);
  await page.getByTestId("product-category").selectOption({ label: "绿茶" });
  await addDimension(page, 0, "颜色", ["红", "蓝"]);
  await addDimension(page, 1, "尺码", ["S", "M"]);
  await expect(page.getByTestId("sku-row")).toHaveCount(4);
  await expect(page.getByTestId("sku-row").first()).toHaveAttribute("data-spec", "红/S");

  // Save with a bad price first: the error shows on that row, nothing is created.
  await page.getByTestId("sku-price-0").fill("12.345");
  await page.getByTestId("product-save").click();
  await expect(page.getByTestId("sku-price-error-0")).toHaveText("金额最多保留两位小数（精确到分）。");

  await page.getByTestId("apply-all-price").fill("88");
  await page.getByTestId("apply-all-cost").fill("30");
  await page.getByTestId("apply-all-stock").fill("10");
  await page.getByTestId("apply-all-button").click();
  await page.getByTestId("sku-price-3").fill("99.50");
  await expect(page.getByTestId("sku-margin-0")).toContainText("¥58.00");

  await page.getByTestId("image-upload").setInputFiles({ name: "cover.png", mimeType: "image/png", buffer: PNG });
  await expect(page.getByTestId("image-0").locator("img")).toHaveAttribute("src", /^\/api\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/);

  await page.getByTestId("product-save").click();
  await page.waitForURL(/\/console\/products\/[0-9a-f-]{36}\?created=1/);
  await expect(page.getByTestId("product-created")).toBeVisible();
  await expect(page.getByTestId("product-status")).toHaveAttribute("data-status", "draft");
  await expect(page.getByTestId("sku-price-3")).toHaveValue("99.50");

  await page.getByTestId("product-publish").click();
  await expect(page.getByTestId("product-status")).toHaveAttribute("data-status", "on_sale");
  const editUrl = page.url();
  const productPath = `/s/tea/p/${new URL(editUrl).pathname.split("/").pop()}`;

  // The product page, rendered once and then served from the cache (next start).
  await page.goto(productPath);
  await expect(page.getByTestId("product-name")).toHaveText(name);
  await expect(page.getByTestId("buy-price")).toHaveText("¥88.00 – ¥99.50");
  await page.getByTestId("spec-0-红").click();
  await page.getByTestId("spec-1-S").click();
  await expect(page.getByTestId("buy-stock")).toHaveText("库存 10 件");
  if (process.env.E2E_PROD === "1") expect((await page.request.get(productPath)).headers()["x-nextjs-cache"]).toBe("HIT");

  // The storefront shows it with its cover picture.
  await page.goto("/s/tea");
  const card = page.getByTestId("product-card").filter({ hasText: name });
  await expect(card).toBeVisible();
  await expect(card.getByTestId("product-cover")).toHaveAttribute("src", /^\/api\/media\//);
  await expect(card.getByTestId("product-price")).toContainText("¥88.00");
  const src = await card.getByTestId("product-cover").getAttribute("src");
  const img = await page.request.get(src!);
  expect(img.status()).toBe(200);
  expect(img.headers()["content-type"]).toBe("image/png");
  expect(img.headers()["cache-control"]).toContain("immutable");

  // Bulk edit: +5 stock on each of its 4 SKUs.
  await page.goto(`/console/products?q=${encodeURIComponent(name)}`);
  const row = page.getByTestId("product-row").filter({ hasText: name });
  await expect(row.getByTestId("product-stock")).toHaveText("40");
  await expect(row.getByTestId("product-price-range")).toHaveText("¥88.00 ~ ¥99.50");
  await row.getByRole("checkbox").check();
  await page.getByTestId("bulk-edit-open").click();
  await page.getByTestId("bulk-stock-mode").selectOption("add");
  await page.getByTestId("bulk-stock-value").fill("5");
  await page.getByTestId("bulk-apply").click();
  await expect(page.getByTestId("bulk-done")).toBeVisible();
  await expect(row.getByTestId("product-stock")).toHaveText("60");

  // Stock is the browser's to ask for: the page shows the new figure.
  await page.goto(productPath);
  await page.getByTestId("spec-0-红").click();
  await page.getByTestId("spec-1-S").click();
  await expect(page.getByTestId("buy-stock")).toHaveText("库存 15 件");

  // A rename drops the tenant's cached renders when it commits: the next visit shows the new name.
  const renamed = `${name}（新款）`;
  await page.goto(editUrl);
  // A stock edit saves the change the merchant made; saving the same form again does not add it twice.
  await page.getByTestId("sku-stock-0").fill("20");
  await page.getByTestId("product-save").click();
  await expect(page.getByTestId("product-saved")).toBeVisible();
  await expect(page.getByTestId("sku-stock-0")).toHaveValue("20");
  await page.getByTestId("product-name").fill(renamed);
  await page.getByTestId("product-save").click();
  await expect(page.getByTestId("product-saved")).toBeVisible();
  await page.goto(productPath);
  await expect(page.getByTestId("product-name")).toHaveText(renamed);
  await page.getByTestId("spec-0-红").click();
  await page.getByTestId("spec-1-S").click();
  await expect(page.getByTestId("buy-stock")).toHaveText("库存 20 件");
});

test("CSV import: a bad row gives a report and imports nothing; the fixed file imports", async ({ page }) => {
  await signInAs(page, "owner@demo.local");
  await page.goto("/console/products/import");
  await expect(page.getByTestId("csv-columns")).toBeVisible();
  const name = unique("导入帽子");
  const rows = (price: string) =>
    [
      "商品名称,分类,规格,售价,成本价,库存,SKU编码,状态",
      `${name},配饰,颜色:黑,59,20,10,,上架`,
      `${name},配饰,颜色:白,${price},20,10,,上架`,
    ].join("\r\n");
  await page.getByTestId("csv-file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + rows("-3"), "utf8") });
  await page.getByTestId("csv-import-submit").click();
  await expect(page.getByTestId("import-errors")).toBeVisible();
  const err = page.getByTestId("import-error-row");
  await expect(err).toHaveCount(1);
  await expect(err).toHaveAttribute("data-row", "3");
  await expect(err).toContainText("售价必须大于 0");
  await page.goto(`/console/products?q=${encodeURIComponent(name)}`);
  await expect(page.getByTestId("product-row")).toHaveCount(0);

  await page.goto("/console/products/import");
  await page.getByTestId("csv-file").setInputFiles({ name: "good.csv", mimeType: "text/csv", buffer: Buffer.from("\uFEFF" + rows("59"), "utf8") });
  await page.getByTestId("csv-import-submit").click();
  await expect(page.getByTestId("import-result")).toBeVisible();
  await expect(page.getByTestId("import-created")).toHaveCount(1);
  await page.goto(`/console/products?q=${encodeURIComponent(name)}`);
  const row = page.getByTestId("product-row").filter({ hasText: name });
  await expect(row.getByTestId("product-stock")).toHaveText("20");
  await expect(row.getByTestId("product-status")).toHaveAttribute("data-status", "on_sale");
});

test("a viewer sees products read-only", async ({ page }) => {
  await signInAs(page, "viewer@demo.local");
  await page.goto("/console/products");
  await expect(page.getByTestId("products-table")).toBeVisible();
  await expect(page.getByTestId("product-new")).toHaveCount(0);
  await expect(page.getByTestId("product-select-all")).toHaveCount(0);
  await page.getByTestId("product-link").first().click();
  await expect(page.getByTestId("read-only-notice")).toBeVisible();
  await expect(page.getByTestId("product-save")).toHaveCount(0);
});
