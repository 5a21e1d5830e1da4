import { expect, test } from "@playwright/test";
import { PORT } from "./helpers";

/**
 * Behind a reverse proxy on the same host the app runs as `next start -H 127.0.0.1` (README, deployment), as the
 * production server of this run is (playwright.config.ts). The storefront is a rewrite in proxy.ts: it must be
 * served in-process whatever address the server is bound to, not proxied to "localhost" (::1, where nothing
 * listens), which made every storefront page a 500. Asked of 127.0.0.1 directly, and through a tenant host, as
 * nginx would (proxy_pass http://127.0.0.1:PORT with the shopper's Host header).
 */
test.use({ viewport: { width: 390, height: 844 } });

const DIRECT = `http://127.0.0.1:${PORT}`;

test("a shop page, a product page and a tenant host answer on the bound address", async ({ page, request }) => {
  const shop = await request.get(`${DIRECT}/s/tea`);
  expect(shop.status()).toBe(200);
  const html = await shop.text();
  expect(html).toContain("青山茶舍");
  const product = html.match(/href="(\/s\/tea\/p\/[0-9a-f-]{36})"/)?.[1];
  expect(product).toBeTruthy();

  const productPage = await request.get(`${DIRECT}${product}`);
  expect(productPage.status()).toBe(200);
  expect(await productPage.text()).toContain('data-testid="product-name"');

  // The shopper's host, forwarded by the reverse proxy to the bound address.
  const viaProxy = await request.get(`${DIRECT}/`, { headers: { host: `tea.localhost:${PORT}`, "x-forwarded-proto": "http" } });
  expect(viaProxy.status()).toBe(200);
  expect(await viaProxy.text()).toContain('data-tenant="tea"');

  // And in the browser: the tenant host's product page renders the shop, its own name in the title.
  await page.goto(`http://tea.localhost:${PORT}${product!.replace("/s/tea", "")}`);
  await expect(page.getByTestId("product-name")).toBeVisible();
  expect(await page.title()).toContain("青山茶舍");
  await page.screenshot({ path: "test-results/bound-address-product.png" });
});
