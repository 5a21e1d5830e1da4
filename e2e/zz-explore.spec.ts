import { expect, test } from "@playwright/test";
import { signInAs } from "./helpers";

test("explore", async ({ page }) => {
  test.setTimeout(300_000);
  await signInAs(page, "owner@demo.local");
  const res = await page.request.get("/api/trpc/design.get");
  const body = await res.json();
  const pages = body.result.data.json.pages;
  console.log(pages.map((p: any) => [p.id, p.kind, p.document.blocks.map((b: any) => b.type)]));
  const home = pages.find((p: any) => p.kind === "home");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/console/design/pages/${home.id}`);
  await expect(page.getByTestId("save-status")).toBeVisible({ timeout: 120_000 });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: "/tmp/editor/shot1.png" });
});
