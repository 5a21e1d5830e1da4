import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, type Page } from "@playwright/test";

/** Local sign-in: pick a demo user from the list (the offline sign-in page). */
export async function signInAs(page: Page, email: string, next?: string) {
  await page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await expect(page.getByTestId("local-signin-notice")).toBeVisible();
  await page.getByTestId(`signin-${email}`).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
}

/** A name nobody else uses in this run. */
export function unique(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export const PORT = Number(process.env.E2E_PORT || 3100);

/** Product form: adds spec dimension `i` with its values (each entered with Enter). */
export async function addDimension(page: Page, i: number, name: string, values: string[]) {
  await page.getByTestId("add-spec").click();
  await page.getByTestId(`spec-name-${i}`).fill(name);
  for (const v of values) {
    await page.getByTestId(`spec-value-input-${i}`).fill(v);
    await page.getByTestId(`spec-value-input-${i}`).press("Enter");
  }
}

/** The e2e server's DNS (FX_FAKE_DNS_FILE in playwright.config.ts): publishes a TXT record, as a merchant would at their DNS host. */
export function publishTxt(name: string, value: string) {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "../.data/e2e-dns.json");
  let records: Record<string, string[]> = {};
  try {
    records = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string[]>;
  } catch {
    // no file yet
  }
  records[name] = [...(records[name] ?? []), value];
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(records));
}

/** A tab of /console/design (主题, 页面, 发布). */
export async function openDesignTab(page: Page, name: string) {
  await page.getByTestId("design-tabs").getByRole("link", { name }).click();
}

/** On /console/design's 发布 tab: the live release's version (the history may hold other specs' releases). */
export async function liveVersion(page: Page) {
  const text = await page.locator('[data-testid^="release-v"][data-live="true"]').getAttribute("data-testid");
  return Number(text!.replace("release-v", ""));
}
