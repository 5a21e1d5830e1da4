/**
 * Store decoration through the API (PRODUCT.md §6.1, §6.2, §6.4): drafts the
 * shopper never sees, numbered append-only releases, rollback as a new
 * release, and bad input refused with the field named and nothing saved.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Database, type Db } from "../../db/src/client";
import { withContext, withTenant } from "../../db/src/context";
import { liveContent } from "../../db/src/queries/design";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { releasePage, type PageDocument } from "../../decoration/src";
import { verifyPreviewToken } from "../../server/src/preview-token";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { httpError, keyOf, loadUser, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const users = {} as Record<"owner" | "viewer" | "operator" | "agency", User>;
const truth = <T>(q: SQL) => truthOf(db)<T>(q);
const ctxOf = (user: User, tenantId: string, locale: "zh-CN" | "en" = "zh-CN"): Context => ({ db, user, locale, activeTenantId: tenantId });
const as = (user: User, tenantId: string) => createCaller(ctxOf(user, tenantId));
/** What tea's shoppers are served: read in a storefront transaction. */
const shopperView = () => withTenant(db, seed.teaId, (tx) => liveContent(tx, seed.teaId));
const home = async (tenantId = seed.teaId) => {
  const d = await as(tenantId === seed.teaId ? users.owner : users.agency, tenantId).design.get();
  return d.pages.find((p) => p.kind === "home")!;
};
const productOf = async (tenantId: string) => (await truth<{ id: string }>(sql`select id::text as id from products where tenant_id = ${tenantId} and status = 'on_sale' order by sort limit 1`))[0]!.id;
const doc = (blocks: unknown[]) => ({ version: 2, kind: "home", title: "", blocks });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  users.owner = await loadUser(db, seed.ownerId);
  users.viewer = await loadUser(db, await userIdByEmail(db, "viewer@demo.local"));
  users.operator = await loadUser(db, await userIdByEmail(db, "ops@demo.local"));
  users.agency = await loadUser(db, seed.agencyUserId);
});
afterAll(async () => {
  await database?.close();
});

describe("a seeded shop", () => {
  test("opens with release v1, serving its home and category pages", async () => {
    const releases = await as(users.owner, seed.teaId).design.releases();
    expect(releases.map((r) => r.version)).toEqual([1]);
    const live = await shopperView();
    expect(live.version).toBe(1);
    expect(releasePage(live.content, "home")?.blocks.length).toBeGreaterThan(0);
    expect(releasePage(live.content, "category")).not.toBeNull();
  });
  test("decorated from its template: a banner of its own pictures, a landing page, a tab leading to it", async () => {
    const live = await shopperView();
    const home = releasePage(live.content, "home")!;
    const banner = home.blocks.find((b) => b.type === "banner");
    expect(banner).toBeDefined();
    for (const s of (banner!.props as { slides: { image: string }[] }).slides) expect(s.image.startsWith(`/api/media/${seed.teaId}/`)).toBe(true);
    const landing = live.content.pages.find((p) => p.kind === "landing")!;
    expect(landing.slug).toBe("new-season");
    expect(live.content.theme.tabBar.map((t) => t.pageSlug ?? t.target)).toContain("new-season");
    // Its pictures are the shop's media rows.
    const ids = (banner!.props as { slides: { image: string }[] }).slides.map((s) => s.image.split("/").pop()!);
    expect((await truth<{ n: number }>(sql`select count(*)::int as n from media where tenant_id = ${seed.teaId} and id::text = any(string_to_array(${ids.join(",")}, ','))`))[0]!.n).toBe(ids.length);
  });
});

describe("drafts, publish and rollback", () => {
  test("a saved draft is not served until published; publishing makes v2 with what changed", async () => {
    const page = await home();
    const product = await productOf(seed.teaId);
    const blocks = [
      { id: "n1", type: "noticeBar", props: { text: "新品八折" } },
      { id: "g1", type: "productGrid", props: { title: "精选", source: "manual", productIds: [product], count: 4 } },
      ...page.document.blocks,
    ];
    await as(users.owner, seed.teaId).design.savePage({ id: page.id, document: doc(blocks) });
    await as(users.owner, seed.teaId).design.saveTheme({ ...(await as(users.owner, seed.teaId).design.get()).theme, primary: "#7c2d12" });
    expect((await as(users.owner, seed.teaId).design.get()).changedSinceLive).toBe(true);

    const before = await shopperView();
    expect(before.version).toBe(1);
    expect(JSON.stringify(before.content)).not.toContain("新品八折");
    expect(before.content.theme.primary).not.toBe("#7c2d12");

    const { version } = await as(users.owner, seed.teaId).design.publish({ note: "双十二" });
    expect(version).toBe(2);
    const after = await shopperView();
    expect(after.version).toBe(2);
    expect(releasePage(after.content, "home")!.blocks.slice(0, 2).map((b) => b.type)).toEqual(["noticeBar", "productGrid"]);
    expect(after.content.theme.primary).toBe("#7c2d12");
    const [v2] = await as(users.owner, seed.teaId).design.releases();
    expect(v2).toMatchObject({ version: 2, note: "双十二" });
    expect(v2!.changes.theme).toContain("primary");
    expect(v2!.changes.pages).toEqual([expect.objectContaining({ key: "home", status: "changed", change: expect.objectContaining({ added: 2 }) })]);
    // The shop row's colours follow the release (favicon, console chrome).
    const [t] = await truth<{ primary: string }>(sql`select theme->>'primary' as primary from tenants where id = ${seed.teaId}`);
    expect(t!.primary).toBe("#7c2d12");
    expect((await as(users.owner, seed.teaId).design.get()).changedSinceLive).toBe(false);
  });

  test("rolling back to v1 is a new release v3 with v1's content; the drafts follow", async () => {
    const v1 = (await truth<{ content: PageDocument }>(sql`select content from releases where tenant_id = ${seed.teaId} and version = 1`))[0]!;
    const { version } = await as(users.owner, seed.teaId).design.rollback({ version: 1 });
    expect(version).toBe(3);
    const live = await shopperView();
    expect(live.version).toBe(3);
    expect(live.content.pages).toEqual((v1.content as unknown as { pages: PageDocument[] }).pages);
    expect(JSON.stringify(live.content)).not.toContain("新品八折");
    expect((await as(users.owner, seed.teaId).design.releases()).map((r) => [r.version, r.rolledBackFrom])).toEqual([
      [3, 1],
      [2, null],
      [1, null],
    ]);
    expect(JSON.stringify((await home()).document)).not.toContain("新品八折");
    expect(await rejection(as(users.owner, seed.teaId).design.rollback({ version: 99 })).then((e) => e.code)).toBe("NOT_FOUND");
  });

  test("releases are append-only for the app: no update or delete, even for the owner", async () => {
    for (const q of [sql`update releases set note = 'rewritten' where tenant_id = ${seed.teaId}`, sql`delete from releases where tenant_id = ${seed.teaId}`]) {
      const err = await withContext(db, { tenantId: seed.teaId, userId: seed.ownerId }, (tx) => tx.execute(q)).then(
        () => null,
        (e: unknown) => e,
      );
      const code = (err as { code?: string; cause?: { code?: string } } | null)?.cause?.code ?? (err as { code?: string } | null)?.code;
      expect(code).toBe("42501");
    }
    expect((await truth<{ n: number }>(sql`select count(*)::int as n from releases where tenant_id = ${seed.teaId} and note = 'rewritten'`))[0]!.n).toBe(0);
  });

  test("the preview link carries a token valid for this shop only", async () => {
    const link = await as(users.owner, seed.teaId).design.previewLink();
    expect(link.path).toMatch(/^\/s\/tea\?preview=/);
    expect(verifyPreviewToken(link.token, seed.teaId)).toBe(true);
    expect(verifyPreviewToken(link.token, seed.beautyId)).toBe(false);
    expect(link.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
  });
});

describe("bad input names the field and saves nothing", () => {
  const draftOf = async () => JSON.stringify(await as(users.owner, seed.teaId).design.get());

  test.each([
    ["an unknown block type", [{ id: "x", type: "marquee", props: {} }], "blocks.0.type"],
    ["an empty notice", [{ id: "x", type: "noticeBar", props: { text: "" } }], "blocks.0.props.text"],
    ["rich text with a script", [{ id: "x", type: "richText", props: { html: "<p>hi</p><script>alert(1)</script>" } }], "blocks.0.props.html"],
  ])("%s", async (_name, blocks, field) => {
    const page = await home();
    const before = await draftOf();
    const r = await httpError(ctxOf(users.owner, seed.teaId, "en"), "design.savePage", { id: page.id, document: doc(blocks) });
    expect(r.status).toBe(400);
    expect(Object.keys(r.fieldErrors ?? {})).toEqual([field]);
    expect(r.message).not.toMatch(/decoration\.|errors\./);
    expect(await draftOf()).toBe(before);
  });

  test("a link to another shop's product is refused on save", async () => {
    const page = await home();
    const theirs = await productOf(seed.beautyId);
    const e = await rejection(
      as(users.owner, seed.teaId).design.savePage({ id: page.id, document: doc([{ id: "g", type: "productGrid", props: { source: "manual", productIds: [theirs], count: 2 } }]) }),
    );
    expect(keyOf(e)).toBe("decoration.linkForeign");
    const r = await httpError(ctxOf(users.owner, seed.teaId), "design.savePage", {
      id: page.id,
      document: doc([{ id: "b", type: "banner", props: { slides: [{ image: `/api/media/${seed.beautyId}/${crypto.randomUUID()}` }] } }]),
    });
    expect(r.key).toBe("decoration.imageForeign");
    expect(r.fieldErrors).toHaveProperty(["blocks.0"]);
  });

  test("a document over 50 blocks is refused", async () => {
    const page = await home();
    const blocks = Array.from({ length: 51 }, (_, i) => ({ id: `s${i}`, type: "spacer", props: {} }));
    const e = await rejection(as(users.owner, seed.teaId).design.savePage({ id: page.id, document: doc(blocks) }));
    expect(e.code).toBe("BAD_REQUEST");
  });

  test("a theme whose text fails contrast names the pair, in zh-CN and en", async () => {
    const theme = (await as(users.owner, seed.teaId).design.get()).theme;
    const before = await draftOf();
    const zh = await httpError(ctxOf(users.owner, seed.teaId), "design.saveTheme", { ...theme, primary: "#ffffff", primaryForeground: "#eeeeee" });
    expect(zh.fieldErrors).toHaveProperty(["primaryForeground"]);
    expect(zh.message).toMatch(/4\.5/);
    const en = await httpError(ctxOf(users.owner, seed.teaId, "en"), "design.saveTheme", { ...theme, background: "#777777", foreground: "#888888" });
    expect(en.message).toMatch(/contrast/i);
    expect((await httpError(ctxOf(users.owner, seed.teaId, "en"), "design.saveTheme", { ...theme, primary: "red" })).fieldErrors).toHaveProperty(["primary"]);
    expect(await draftOf()).toBe(before);
  });

  test("landing pages: a reserved or taken address is refused on the slug field", async () => {
    const c = as(users.owner, seed.teaId);
    const { id } = await c.design.createPage({ slug: "spring-sale", title: "春季大促" });
    expect(id).toMatch(/-/);
    expect((await httpError(ctxOf(users.owner, seed.teaId), "design.createPage", { slug: "spring-sale", title: "x" })).fieldErrors).toHaveProperty(["slug"]);
    const reserved = await httpError(ctxOf(users.owner, seed.teaId, "en"), "design.createPage", { slug: "cart", title: "x" });
    expect(reserved.key).toBe("page.slugReserved");
    expect(reserved.fieldErrors).toHaveProperty(["slug"]);
    // A landing page links to itself; the home page may link to it.
    const home0 = await home();
    await c.design.savePage({ id: home0.id, document: doc([{ id: "n", type: "noticeBar", props: { text: "看看", link: { kind: "page", slug: "spring-sale" } } }]) });
    const e = await rejection(c.design.savePage({ id: home0.id, document: doc([{ id: "n", type: "noticeBar", props: { text: "看看", link: { kind: "page", slug: "nowhere" } } }]) }));
    expect(keyOf(e)).toBe("decoration.linkForeign");
    expect(keyOf(await rejection(c.design.deletePage({ id: home0.id })))).toBe("page.homeRequired");
  });
});

describe("who may decorate", () => {
  test("a viewer reads the design but cannot save, publish or roll back", async () => {
    const v = as(users.viewer, seed.teaId);
    const design = await v.design.get();
    expect(design.pages.length).toBeGreaterThan(1);
    for (const call of [() => v.design.saveTheme(design.theme), () => v.design.publish({ note: "" }), () => v.design.rollback({ version: 1 }), () => v.design.previewLink()]) {
      expect((await rejection(call())).code).toBe("FORBIDDEN");
    }
  });

  test("another shop's pages are not found", async () => {
    const theirs = await home(seed.beautyId);
    const e = await rejection(as(users.owner, seed.teaId).design.savePage({ id: theirs.id, document: doc([]) }));
    expect(e.code).toBe("NOT_FOUND");
  });
});

describe("an agency clone", () => {
  test("starts from the source's live release, pointing at its own products", async () => {
    const theirs = await productOf(seed.beautyId);
    const page = await home(seed.beautyId);
    const a = as(users.agency, seed.beautyId);
    await a.design.savePage({ id: page.id, document: doc([{ id: "g", type: "productGrid", props: { source: "manual", productIds: [theirs], count: 1 } }, ...page.document.blocks]) });
    await a.design.publish({ note: "for the clone" });
    const { id } = await createCaller({ db, user: users.agency, locale: "zh-CN", activeTenantId: null }).agency.cloneTenant({ sourceId: seed.beautyId, name: "花颜二店", slug: "beauty-two" });
    const live = await withTenant(db, id, (tx) => liveContent(tx, id));
    expect(live.version).toBe(1);
    const grid = releasePage(live.content, "home")!.blocks[0]!;
    expect(grid.type).toBe("productGrid");
    const picked = (grid.props as { productIds: string[] }).productIds[0]!;
    expect(picked).not.toBe(theirs);
    expect((await truth<{ n: number }>(sql`select count(*)::int as n from products where tenant_id = ${id} and id = ${picked}`))[0]!.n).toBe(1);
  });
});
