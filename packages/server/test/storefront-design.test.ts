/**
 * What a storefront page shows (storefrontDesign): the live release, the
 * drafts behind a valid preview token only, the live page for a refused one;
 * read in a shopper's storefront transaction, which may not write. And
 * publishing copies the theme's tab bar and logo onto the shop row the
 * layout paints from.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { readTheme } from "../../theme/src";
import { createCaller } from "../../api/src/root";
import type { Context, User } from "../../api/src/trpc";
import { loadUser, truthOf } from "../../api/test/helpers";
import { signPreviewToken, PREVIEW_TTL_MS } from "../src/preview-token";
import { designMode, storefrontDesign } from "../src/storefront-design";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let owner: User;
const truth = <T>(q: SQL) => truthOf(db)<T>(q);
const owners = () => createCaller({ db, user: owner, locale: "zh-CN", activeTenantId: seed.teaId } satisfies Context);
/** As a shopper's page reads it: a storefront transaction of tea. */
const shown = (page: Parameters<typeof storefrontDesign>[2], previewToken?: string, now = Date.now()) =>
  withContext(db, { storefront: "tea" }, (tx, shop) => storefrontDesign(tx, shop!.id, page, { previewToken, now }));
const texts = (d: Awaited<ReturnType<typeof shown>>) => JSON.stringify(d.doc);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  owner = await loadUser(db, seed.ownerId);
  // A draft shoppers must not see: a notice on the home page and a new primary colour.
  const design = await owners().design.get();
  const home = design.pages.find((p) => p.kind === "home")!;
  await owners().design.savePage({ id: home.id, document: { ...home.document, blocks: [{ id: "draft-notice", type: "noticeBar", props: { text: "草稿公告" } }, ...home.document.blocks] } });
  await owners().design.saveTheme({ ...design.theme, primary: "#7c2d12" });
});
afterAll(async () => {
  await database?.close();
});

describe("designMode", () => {
  const now = Date.parse("2026-06-01T00:00:00Z");
  test.each([
    ["no token", undefined, "live"],
    ["an empty token", "", "live"],
    ["garbage", "x.y.z", "refused"],
  ])("%s: %s", (_, token, mode) => {
    expect(designMode(token, "0b7f5f34-6a1c-4d2e-9a51-1f2a3b4c5d6e", now)).toBe(mode);
  });
  test("a token of this shop until it expires, never another shop's", () => {
    const id = "0b7f5f34-6a1c-4d2e-9a51-1f2a3b4c5d6e";
    const { token } = signPreviewToken(id, now);
    expect(designMode(token, id, now + 1000)).toBe("preview");
    expect(designMode(token, id, now + PREVIEW_TTL_MS + 1)).toBe("refused");
    expect(designMode(token, "11111111-1111-4111-8111-111111111111", now)).toBe("refused");
  });
});

describe("storefrontDesign", () => {
  test("without a token: the live release, not the drafts", async () => {
    const d = await shown({ kind: "home" });
    expect(d).toMatchObject({ mode: "live", version: 1 });
    expect(texts(d)).not.toContain("草稿公告");
    expect(d.theme.primary).not.toBe("#7c2d12");
    // The home's product blocks come with their products.
    const grid = d.doc!.blocks.find((b) => b.type === "productGrid")!;
    expect(d.data.products[grid.id]!.length).toBeGreaterThan(0);
  });

  test("a valid token: the drafts and their theme, in a shopper's transaction (nothing written)", async () => {
    const d = await shown({ kind: "home" }, signPreviewToken(seed.teaId).token);
    expect(d).toMatchObject({ mode: "preview", version: null });
    expect(d.doc!.blocks[0]).toMatchObject({ id: "draft-notice", type: "noticeBar" });
    expect(d.theme.primary).toBe("#7c2d12");
  });

  test("another shop's token, or an expired one: the live page, marked refused", async () => {
    for (const token of [signPreviewToken(seed.beautyId).token, signPreviewToken(seed.teaId, Date.now() - PREVIEW_TTL_MS - 1000).token]) {
      const d = await shown({ kind: "home" }, token);
      expect(d).toMatchObject({ mode: "refused", version: 1 });
      expect(texts(d)).not.toContain("草稿公告");
    }
  });

  test("the category page and a landing page of the release; a slug it does not have is no page", async () => {
    expect((await shown({ kind: "category" })).doc?.kind).toBe("category");
    const landing = await shown({ kind: "landing", slug: "new-season" });
    expect(landing.doc).toMatchObject({ kind: "landing", slug: "new-season" });
    const countdown = landing.doc!.blocks.find((b) => b.type === "countdown")!;
    expect(landing.data.products[countdown.id]!.length).toBeGreaterThan(0);
    expect(landing.data.pages["new-season"]).toBe(landing.doc!.title);
    expect((await shown({ kind: "landing", slug: "no-such-page" })).doc).toBeNull();
  });

  test("a landing page only in the drafts shows behind the token only", async () => {
    await owners().design.createPage({ slug: "draft-only", title: "草稿页" });
    expect((await shown({ kind: "landing", slug: "draft-only" })).doc).toBeNull();
    expect((await shown({ kind: "landing", slug: "draft-only" }, signPreviewToken(seed.teaId).token)).doc).toMatchObject({ title: "草稿页" });
  });
});

describe("publishing", () => {
  test("copies the theme's tab bar and logo onto the shop row (what the storefront's layout reads)", async () => {
    const [{ image }] = (await truth<{ image: string }>(sql`select images->>0 as image from products where tenant_id = ${seed.teaId} and jsonb_array_length(images) > 0 limit 1`)) as [{ image: string }];
    const design = await owners().design.get();
    const tabBar = [
      { target: "home", label: { "zh-CN": "首页", en: "Home" } },
      { target: "distribution", label: { "zh-CN": "分销", en: "Earn" } },
      { target: "me", label: { "zh-CN": "我的", en: "Me" } },
    ];
    await owners().design.saveTheme({ ...design.theme, logo: image, tabBar });
    await owners().design.publish({ note: "tabs" });
    const [row] = await truth<{ theme: unknown; logo_url: string | null }>(sql`select theme, logo_url from tenants where id = ${seed.teaId}`);
    expect(row!.logo_url).toBe(image);
    const theme = readTheme(row!.theme);
    expect(theme.tabBar.map((t) => t.target)).toEqual(["home", "distribution", "me"]);
    expect(theme.primary).toBe("#7c2d12");
    expect((await shown({ kind: "home" })).mode).toBe("live");
    expect(texts(await shown({ kind: "home" }))).toContain("草稿公告");
  });
});
