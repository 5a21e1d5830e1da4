/**
 * Distributors' personal shops (PRODUCT.md §6.3) and moderation (§8.1):
 * rights per level enforced on the server, banned words and new pictures
 * wait for the merchant, the shop shows its last approved content, three
 * rejections suspend editing until lifted, every decision audited.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Database, type Db } from "../../db/src/client";
import { withTenant } from "../../db/src/context";
import { publicShop } from "../../db/src/queries/personal-shops";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { flaggedWords, rightsViolation, EMPTY_SHOP } from "../../decoration/src";
import { templateImageBytes } from "../../templates/src";
import { createCaller } from "../src/root";
import type { User } from "../src/trpc";
import { httpError, keyOf, loadUser, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const users = {} as Record<"owner" | "gold" | "vip" | "viewer", User>;
const truth = <T>(q: SQL) => truthOf(db)<T>(q);
const as = (u: User) => createCaller({ db, user: u, locale: "zh-CN", activeTenantId: seed.teaId });
const shop = { shop: "tea" };
let products: string[] = [];
let picture = "";

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  users.owner = await loadUser(db, seed.ownerId);
  users.gold = await loadUser(db, await userIdByEmail(db, "dist1@demo.local"));
  users.vip = await loadUser(db, await userIdByEmail(db, "dist3@demo.local"));
  users.viewer = await loadUser(db, await userIdByEmail(db, "viewer@demo.local"));
  await db.execute(sql`update distributors set level = 3 where tenant_id = ${seed.teaId} and user_id = ${users.gold.id}`);
  await db.execute(sql`update distributors set level = 1 where tenant_id = ${seed.teaId} and user_id = ${users.vip.id}`);
  products = (await truth<{ id: string }>(sql`select id::text as id from products where tenant_id = ${seed.teaId} and status = 'on_sale' order by sort limit 10`)).map((r) => r.id);
  picture = (await as(users.gold).shop.uploadPhoto({ ...shop, bytes: new Uint8Array(templateImageBytes("images/tea/banner-1.webp")) })).url;
});
afterAll(async () => {
  await database?.close();
});

const visitor = () => withTenant(db, seed.teaId, (tx) => publicShop(tx, seed.teaId, "TEA0001"));

describe("the rules (pure)", () => {
  test("a level without rights changes nothing; a level's product count is its cap", () => {
    const none = { banner: false, maxProducts: 0, colours: false };
    expect(rightsViolation({ ...EMPTY_SHOP, title: "我的茶" }, none)).toMatchObject({ field: "title", key: "personalShop.noBanner" });
    expect(rightsViolation({ ...EMPTY_SHOP, productIds: ["a"] }, none)).toMatchObject({ key: "personalShop.noProducts" });
    expect(rightsViolation({ ...EMPTY_SHOP, productIds: ["a", "b", "c"] }, { banner: true, maxProducts: 2, colours: false })).toMatchObject({ key: "personalShop.tooManyProducts", params: { max: 2 } });
    expect(rightsViolation({ ...EMPTY_SHOP, colour: "accent" }, { banner: true, maxProducts: 2, colours: false })).toMatchObject({ field: "colour" });
    expect(rightsViolation(EMPTY_SHOP, none)).toBeNull();
  });
  test.each([
    ["加入我们，躺赚不是梦", ["躺赚"]],
    ["月 入 过 万，拉人头返利", ["拉人头", "月入过万"]],
    ["国家级认证 最高级好茶", ["最高级", "国家级"]],
    ["保*本理财", ["保本"]],
    ["明前龙井，清香回甘", []],
  ])("%s → %j", (text, words) => {
    expect(flaggedWords([text]).sort()).toEqual([...words].sort());
  });
  test("the merchant's own words count too", () => {
    expect(flaggedWords(["秒杀价"], ["秒杀"])).toEqual(["秒杀"]);
  });
});

describe("a Gold distributor decorates within their rights", () => {
  test("clean text and products go live at once", async () => {
    const r = await as(users.gold).shop.distribution.saveShop({ ...shop, content: { title: "孙悦的茶铺", productIds: products.slice(0, 3) } });
    expect(r.status).toBe("live");
    const seen = await visitor();
    expect(seen).toMatchObject({ name: "分销 孙悦", shop: { title: "孙悦的茶铺", productIds: products.slice(0, 3) } });
  });

  test("a new banner waits for approval; the shop keeps showing the approved version; approval makes it live", async () => {
    const r = await as(users.gold).shop.distribution.saveShop({ ...shop, content: { title: "孙悦的茶铺", banner: picture, productIds: products.slice(0, 2) } });
    expect(r.status).toBe("pending");
    expect((await visitor())!.shop).toMatchObject({ banner: null, productIds: products.slice(0, 3) });
    const { reviews } = await as(users.owner).distribution.reviews.list({ status: "pending" });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ code: "TEA0001", flagged: [] });
    await as(users.owner).distribution.reviews.decide({ id: reviews[0]!.id, decision: "approve", reason: "" });
    expect((await visitor())!.shop).toMatchObject({ banner: picture, productIds: products.slice(0, 2) });
    const [a] = await truth<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${seed.teaId} and action = 'personalShop.approve'`);
    expect(a!.n).toBe(1);
  });

  test("beyond the level's rights is FORBIDDEN, naming the field, and nothing changes", async () => {
    const before = await visitor();
    const tooMany = await httpError({ db, user: users.gold, locale: "en", activeTenantId: null }, "shop.distribution.saveShop", { ...shop, content: { productIds: products.slice(0, 9) } });
    expect(tooMany).toMatchObject({ code: "FORBIDDEN", key: "personalShop.tooManyProducts" });
    expect(tooMany.message).toContain("8");
    expect(tooMany.fieldErrors).toHaveProperty(["productIds"]);
    const colour = await rejection(as(users.gold).shop.distribution.saveShop({ ...shop, content: { colour: "accent" } }));
    expect(colour.code).toBe("FORBIDDEN");
    expect(await visitor()).toEqual(before);
  });

  test("another shop's product or picture is refused", async () => {
    const [theirs] = await truth<{ id: string }>(sql`select id::text as id from products where tenant_id = ${seed.beautyId} limit 1`);
    expect(keyOf(await rejection(as(users.gold).shop.distribution.saveShop({ ...shop, content: { productIds: [theirs!.id] } })))).toBe("decoration.linkForeign");
    expect(keyOf(await rejection(as(users.gold).shop.distribution.saveShop({ ...shop, content: { banner: `/api/media/${seed.beautyId}/${crypto.randomUUID()}` } })))).toBe("decoration.imageForeign");
  });
});

describe("a VIP distributor", () => {
  test("has the standard template: told which level unlocks it, and the API refuses any change", async () => {
    const mine = await as(users.vip).shop.distribution.myShop(shop);
    expect(mine.canDecorate).toBe(false);
    expect(mine.unlocksAt?.level).toBe(3);
    const e = await rejection(as(users.vip).shop.distribution.saveShop({ ...shop, content: { title: "我的小店" } }));
    expect(e.code).toBe("FORBIDDEN");
  });
});

describe("moderation", () => {
  test("a banned word waits in the queue with the word; a rejection's reason reaches the distributor; the third suspends editing until lifted", async () => {
    const approved = (await visitor())!.shop;
    for (let i = 1; i <= 3; i++) {
      const r = await as(users.gold).shop.distribution.saveShop({ ...shop, content: { title: `躺赚${i}`, banner: approved.banner, productIds: approved.productIds } });
      expect(r).toEqual({ status: "pending", flagged: ["躺赚"] });
      expect((await visitor())!.shop.title).toBe(approved.title);
      const { reviews } = await as(users.owner).distribution.reviews.list({ status: "pending" });
      expect(reviews[0]!.flagged).toEqual(["躺赚"]);
      expect(keyOf(await rejection(as(users.owner).distribution.reviews.decide({ id: reviews[0]!.id, decision: "reject", reason: "" })))).toBe("personalShop.reasonRequired");
      const out = await as(users.owner).distribution.reviews.decide({ id: reviews[0]!.id, decision: "reject", reason: "含夸大收益用语" });
      expect(out.suspended).toBe(i === 3);
      const mine = await as(users.gold).shop.distribution.myShop(shop);
      expect(mine.last).toMatchObject({ status: "rejected", reason: "含夸大收益用语" });
    }
    expect(keyOf(await rejection(as(users.gold).shop.distribution.saveShop({ ...shop, content: { title: "好茶" } })))).toBe("personalShop.suspended");
    const { suspended } = await as(users.owner).distribution.reviews.list({ status: "pending" });
    expect(suspended.map((s) => s.code)).toEqual(["TEA0001"]);
    // A viewer may look but not decide.
    expect((await rejection(as(users.viewer).distribution.reviews.lift({ userId: users.gold.id }))).code).toBe("FORBIDDEN");
    await as(users.owner).distribution.reviews.lift({ userId: users.gold.id });
    expect((await as(users.gold).shop.distribution.saveShop({ ...shop, content: { title: "好茶", banner: approved.banner, productIds: approved.productIds } })).status).toBe("live");
    const actions = await truth<{ action: string }>(sql`select action from audit_log where tenant_id = ${seed.teaId} and action like 'personalShop.%' order by created_at`);
    expect(actions.map((a) => a.action)).toEqual(["personalShop.approve", "personalShop.reject", "personalShop.reject", "personalShop.reject", "personalShop.lift"]);
  });

  test("the merchant's own words flag too", async () => {
    await as(users.owner).distribution.reviews.saveWords({ words: ["秒杀", "秒杀", " 清仓 "] });
    expect(await as(users.owner).distribution.reviews.words()).toEqual(["秒杀", "清仓"]);
    const r = await as(users.gold).shop.distribution.saveShop({ ...shop, content: { title: "清仓特卖" } });
    expect(r).toEqual({ status: "pending", flagged: ["清仓"] });
  });

  test("a shopper's transaction cannot write another distributor's shop", async () => {
    const err = await withTenant(db, seed.teaId, (tx) => tx.execute(sql`update distributor_shops set suspended = false, live = null where tenant_id = ${seed.teaId} and user_id = ${users.gold.id} returning 1`), users.vip.id).then(
      (r) => (r as unknown as unknown[]).length ?? 0,
      (e: unknown) => e,
    );
    expect([0, undefined]).toContain(typeof err === "number" ? err : undefined);
    expect((await visitor())!.shop.title).toBe("好茶");
  });
});
