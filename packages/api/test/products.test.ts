/**
 * The merchant's product management over the API: SKU matrix and spec edits,
 * publish rules, bulk edit arithmetic, CSV import (all or nothing, with a
 * per-row report), cross-tenant refusals, localized errors and RBAC.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { cartesian, type SpecDimension } from "../../catalog/src/specs";
import { AppError } from "../../core/src/errors";
import { type Database, type Db } from "../../db/src/client";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { translateError, type Locale } from "../../i18n/src";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { countOf, httpError, keyOf, loadUser as loadUserOf, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const users: Record<"owner" | "viewer" | "ops" | "agency", User> = {} as never;

const truth = <T>(q: SQL) => truthOf(db)<T>(q);
const count = (q: SQL) => countOf(db)(q);
const loadUser = async (email: string) => loadUserOf(db, await userIdByEmail(db, email));
const ctxOf = (user: User | null, tenantId: string | null, locale: Locale = "zh-CN"): Context => ({ db, user, locale, activeTenantId: tenantId });
const as = (user: User, tenantId: string, locale: Locale = "zh-CN") => createCaller(ctxOf(user, tenantId, locale));

/** One mutation over HTTP, so the errorFormatter localizes the error. */
async function http(ctx: Context, path: string, input: unknown) {
  const e = await httpError(ctx, path, input);
  return { ...e, fields: e.fieldErrors ?? {} };
}

/** Everything product management can write, for "nothing changed" checks. */
async function catalogState(tenantId: string) {
  return {
    products: await truth(sql`select id::text, name, status, specs, images, category_id::text from products where tenant_id = ${tenantId} order by id`),
    skus: await truth(sql`select id::text, product_id::text, code, spec, price_fen, cost_fen, stock from product_skus where tenant_id = ${tenantId} order by id`),
    categories: await truth(sql`select id::text, name, sort from categories where tenant_id = ${tenantId} order by id`),
    media: await count(sql`select count(*)::int as n from media where tenant_id = ${tenantId}`),
    audit: await count(sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId}`),
  };
}

let codeSeq = 0;
const skusFor = (specs: SpecDimension[], price = "10", stock = "5") =>
  cartesian(specs).map((spec) => ({ spec, price, cost: "4", stock, code: `T${++codeSeq}-${Date.now().toString(36)}` }));
const tshirtSpecs: SpecDimension[] = [
  { name: "颜色", values: ["红", "蓝"] },
  { name: "尺码", values: ["S", "M"] },
];
const base = (over: Record<string, unknown> = {}) => ({ name: "测试T恤", subtitle: "", description: "", categoryId: null, images: [], specs: tshirtSpecs, skus: skusFor(tshirtSpecs), ...over });

const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPgPAAEDAQAIicLsAAAAAElFTkSuQmCC", "base64"));

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  users.owner = await loadUser("owner@demo.local");
  users.viewer = await loadUser("viewer@demo.local");
  users.ops = await loadUser("ops@demo.local");
  users.agency = await loadUser("agency@demo.local");
});
afterAll(async () => {
  await database?.close();
});

describe("SKU matrix", () => {
  test("create stores one SKU per combination, with fen from the yuan text", async () => {
    const c = as(users.owner, seed.teaId);
    const skus = skusFor(tshirtSpecs).map((s, i) => ({ ...s, price: ["12.5", "12.50", "0.01", "1,000"][i]! }));
    const p = await c.products.create(base({ skus }));
    expect(p.status).toBe("draft");
    expect(p.skus.map((s) => s.spec)).toEqual([["红", "S"], ["红", "M"], ["蓝", "S"], ["蓝", "M"]]);
    expect(p.skus.map((s) => s.priceFen)).toEqual([1250, 1250, 1, 100000]);
    expect(p.skus.every((s) => s.costFen === 400 && s.stock === 5)).toBe(true);
    expect(await count(sql`select count(*)::int as n from audit_log where tenant_id = ${seed.teaId} and action = 'product.create' and target = ${`product:${p.id}`}`)).toBe(1);
  });

  test("editing specs keeps SKUs whose combination still exists, adds new ones and removes the rest", async () => {
    const c = as(users.owner, seed.teaId);
    const p = await c.products.create(base({ name: "规格编辑" }));
    const keep = p.skus.filter((s) => s.spec[1] === "S");
    const specs: SpecDimension[] = [
      { name: "颜色", values: ["红", "蓝", "绿"] },
      { name: "尺码", values: ["S"] },
    ];
    const skus = cartesian(specs).map((spec) => {
      const old = keep.find((k) => JSON.stringify(k.spec) === JSON.stringify(spec));
      return old ? { spec, price: "99", cost: "1", stock: "7", code: old.code } : { spec, price: "20", cost: "", stock: "", code: `NEW-${Date.now()}` };
    });
    const after = await c.products.update({ ...base({ name: "规格编辑", specs, skus }), id: p.id });
    expect(after.skus.map((s) => s.spec)).toEqual([["红", "S"], ["蓝", "S"], ["绿", "S"]]);
    // Same rows (ids), new values.
    expect(after.skus.slice(0, 2).map((s) => s.id)).toEqual(keep.map((k) => k.id));
    expect(after.skus.slice(0, 2).map((s) => [s.priceFen, s.costFen, s.stock])).toEqual([[9900, 100, 7], [9900, 100, 7]]);
    expect(after.skus[2]).toMatchObject({ priceFen: 2000, costFen: 0, stock: 0 });
    expect(await count(sql`select count(*)::int as n from product_skus where product_id = ${p.id}`)).toBe(3);
  });

  test("a save changes stock by what the merchant changed: units sold since the editor loaded are kept", async () => {
    const c = as(users.owner, seed.teaId);
    const p = await c.products.create(base({ name: "库存差量", specs: [], skus: [{ spec: [], price: "10", cost: "4", stock: "10", code: `SD-${Date.now()}` }] }));
    const sku = p.skus[0]!;
    const row = (stock: string) => ({ spec: [], price: "10", cost: "4", stock, code: sku.code, loadedStock: 10 });
    // A sale takes 2 while the merchant has the editor open at 10; they save 15.
    await db.execute(sql`update product_skus set stock = stock - 2 where id = ${sku.id}`);
    const after = await c.products.update({ ...base({ name: "库存差量", specs: [], skus: [row("15")] }), id: p.id });
    expect(after.skus[0]!.stock).toBe(13);
    // Down by more than is left: a field error on that SKU's stock in either language, and nothing is saved.
    await db.execute(sql`update product_skus set stock = 2 where id = ${sku.id}`);
    const before = await catalogState(seed.teaId);
    for (const locale of ["zh-CN", "en"] as const) {
      const e = await http(ctxOf(users.owner, seed.teaId, locale), "products.update", { ...base({ name: "库存差量", specs: [], skus: [row("5")] }), id: p.id });
      expect(e.code).toBe("BAD_REQUEST");
      expect(e.fields["skus.0.stock"]).toBe(translateError(locale, "product.stockWouldGoNegative", { code: sku.code, stock: 2 }));
    }
    expect(await catalogState(seed.teaId)).toEqual(before);
    // Without a loaded value (an API client that sets): the number as given.
    const set = await c.products.update({ ...base({ name: "库存差量", specs: [], skus: [{ ...row("7"), loadedStock: null }] }), id: p.id });
    expect(set.skus[0]!.stock).toBe(7);
  });

  test("codes can be swapped between SKUs of the same product", async () => {
    const c = as(users.owner, seed.teaId);
    const p = await c.products.create(base({ name: "编码互换" }));
    const input = p.skus.map((s) => ({ spec: s.spec, price: "10", cost: "4", stock: "5", code: s.code }));
    [input[0]!.code, input[1]!.code] = [input[1]!.code, input[0]!.code];
    const after = await c.products.update({ ...base({ name: "编码互换", skus: input }), id: p.id });
    expect(after.skus[0]!.code).toBe(p.skus[1]!.code);
    expect(after.skus[0]!.id).toBe(p.skus[0]!.id);
  });

  test("a code used by another product is a conflict on that row, and nothing is written", async () => {
    const c = as(users.owner, seed.teaId);
    const before = await catalogState(seed.teaId);
    const skus = skusFor(tshirtSpecs);
    skus[2]!.code = "TEA-LJ-01"; // the template's longjing
    const e = await rejection(c.products.create(base({ name: "撞编码", skus })));
    expect(keyOf(e)).toBe("product.codeTaken");
    expect((e.cause as AppError).field).toBe("skus.2.code");
    expect(await catalogState(seed.teaId)).toEqual(before);
  });

  test("SKUs must be exactly the matrix", async () => {
    const c = as(users.owner, seed.teaId);
    const e = await rejection(c.products.create(base({ skus: skusFor(tshirtSpecs).slice(0, 3) })));
    expect(e.code).toBe("BAD_REQUEST");
  });
});

describe("publish rules", () => {
  test("a product without SKUs stays a draft; with priced SKUs it goes on sale, off and back to draft", async () => {
    const c = as(users.owner, seed.teaId);
    const empty = await c.products.create(base({ name: "空商品", specs: [], skus: [] }));
    const e = await rejection(c.products.setStatus({ ids: [empty.id], status: "on_sale" }));
    expect(keyOf(e)).toBe("product.publishNeedsSku");
    expect(translateError("zh-CN", keyOf(e), (e.cause as AppError).params)).toContain("空商品");

    const single = await c.products.create(base({ name: "单规格", specs: [], skus: [{ spec: [], price: "29.9", cost: "10", stock: "3", code: `SINGLE-${Date.now()}` }] }));
    for (const status of ["on_sale", "off", "draft", "on_sale"] as const) {
      await c.products.setStatus({ ids: [single.id], status });
      expect((await c.products.get({ id: single.id })).status).toBe(status);
    }
    // All or nothing: one product that cannot go on sale keeps the other one where it was.
    await c.products.setStatus({ ids: [single.id], status: "off" });
    await rejection(c.products.setStatus({ ids: [single.id, empty.id], status: "on_sale" }));
    expect((await c.products.get({ id: single.id })).status).toBe("off");
    // An on-sale product cannot lose its last SKU.
    await c.products.setStatus({ ids: [single.id], status: "on_sale" });
    const e2 = await rejection(c.products.update({ ...base({ name: "单规格", specs: [], skus: [] }), id: single.id }));
    expect(keyOf(e2)).toBe("product.publishNeedsSku");
  });

  test("a SKU without a price cannot be saved at all", async () => {
    const skus = skusFor(tshirtSpecs);
    skus[1]!.price = "";
    const r = await http(ctxOf(users.owner, seed.teaId), "products.create", base({ skus }));
    expect(r.fields["skus.1.price"]).toBe("请填写售价。");
  });
});

describe("bulk edit", () => {
  async function twoProducts() {
    const c = as(users.owner, seed.teaId);
    const a = await c.products.create(base({ name: `批量A-${Date.now()}`, specs: [], skus: [{ spec: [], price: "19.99", cost: "5", stock: "10", code: `BA-${Date.now()}` }] }));
    const b = await c.products.create(base({ name: `批量B-${Date.now()}`, skus: skusFor(tshirtSpecs, "100", "2") }));
    return { c, a, b };
  }
  const prices = async (id: string) => (await truth<{ price_fen: number; stock: number }>(sql`select price_fen, stock from product_skus where product_id = ${id} order by code`)).map((r) => [r.price_fen, r.stock]);

  test("percentages round half away from zero to whole fen; amounts add; stock adjusts", async () => {
    const { c, a, b } = await twoProducts();
    await c.products.bulkEdit({ ids: [a.id, b.id], price: { mode: "percent", value: "10" }, stock: { mode: "add", value: "3" } });
    expect(await prices(a.id)).toEqual([[2199, 13]]); // 1999 × 1.1 = 2198.9
    expect(await prices(b.id)).toEqual(Array(4).fill([11000, 5]));
    await c.products.bulkEdit({ ids: [a.id, b.id], price: { mode: "add", value: "-1.99" }, stock: null });
    expect(await prices(a.id)).toEqual([[2000, 13]]);
    await c.products.bulkEdit({ ids: [a.id], price: { mode: "set", value: "8.8" }, stock: { mode: "set", value: "0" } });
    expect(await prices(a.id)).toEqual([[880, 0]]);
    expect(await count(sql`select count(*)::int as n from audit_log where action = 'product.bulkEdit' and target = ${`product:${a.id}`}`)).toBe(3);
  });

  test("one SKU that would end below zero refuses the whole edit", async () => {
    const { c, a, b } = await twoProducts();
    const before = await catalogState(seed.teaId);
    const e = await rejection(c.products.bulkEdit({ ids: [a.id, b.id], price: { mode: "add", value: "-50" }, stock: null }));
    expect(keyOf(e)).toBe("product.bulkPriceNotPositive");
    const e2 = await rejection(c.products.bulkEdit({ ids: [a.id, b.id], price: null, stock: { mode: "add", value: "-3" } }));
    expect(keyOf(e2)).toBe("product.bulkStockNegative");
    expect(await catalogState(seed.teaId)).toEqual(before);
  });

  test("another tenant's product is not found", async () => {
    const [beautyProduct] = await truth<{ id: string }>(sql`select id::text from products where tenant_id = ${seed.beautyId} limit 1`);
    const { c, a } = await twoProducts();
    const before = await catalogState(seed.beautyId);
    const e = await rejection(c.products.bulkEdit({ ids: [a.id, beautyProduct!.id], price: { mode: "set", value: "1" }, stock: null }));
    expect(e.code).toBe("NOT_FOUND");
    expect(await rejection(c.products.setStatus({ ids: [beautyProduct!.id], status: "off" })).then((x) => x.code)).toBe("NOT_FOUND");
    expect(await catalogState(seed.beautyId)).toEqual(before);
  });
});

describe("CSV import", () => {
  const header = "商品名称,分类,规格,售价,成本价,库存,SKU编码,状态";
  const good = [
    header,
    '导入衬衫,导入新分类,颜色:白;尺码:M,89,30,10,CSV-SH-01,上架',
    '导入衬衫,导入新分类,颜色:白;尺码:L,89,30,10,CSV-SH-02,上架',
    '导入衬衫,导入新分类,颜色:黑;尺码:M,89,30,10,CSV-SH-03,上架',
    '导入衬衫,导入新分类,颜色:黑;尺码:L,89.5,30,0,CSV-SH-04,上架',
    '"导入茶杯, 白瓷",绿茶,,12.5,,3,,',
  ];

  test("a file with errors gives a per-row report and imports nothing", async () => {
    const c = as(users.owner, seed.teaId);
    const before = await catalogState(seed.teaId);
    const bad = [...good];
    bad[2] = '导入衬衫,导入新分类,颜色:白;尺码:L,12.345,30,-1,CSV-SH-02,上架';
    bad.push("导入坏行,,颜色红,0,,1.5,TEA-LJ-01,卖光了");
    const r = await c.products.importCsv({ csv: "\uFEFF" + bad.join("\r\n") });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const at = (row: number) => r.issues.filter((i) => i.row === row).map((i) => `${i.column}:${i.key}`);
    expect(at(3)).toEqual(["price:product.moneyTooPrecise", "stock:product.stockInvalid"]);
    expect(at(7)).toEqual(expect.arrayContaining(["spec:import.specFormat", "price:product.priceNotPositive", "stock:product.stockInvalid", "status:product.statusInvalid"]));
    // Every issue reads in both languages.
    for (const i of r.issues) {
      expect(translateError("zh-CN", i.key, i.params)).not.toBe(translateError("zh-CN", "invalid"));
      expect(translateError("en", i.key, i.params)).not.toBe(translateError("en", "invalid"));
    }
    expect(await catalogState(seed.teaId)).toEqual(before);
  });

  test("codes already in the store and incomplete matrices are reported too", async () => {
    const c = as(users.owner, seed.teaId);
    const before = await catalogState(seed.teaId);
    const r = await c.products.importCsv({ csv: [header, "导入A,,颜色:红;尺码:S,1,,1,TEA-LJ-01,", "导入A,,颜色:蓝;尺码:M,1,,1,,"].join("\n") });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.row}:${i.key}`)).toEqual(["2:import.matrixIncomplete"]);
    const r2 = await c.products.importCsv({ csv: [header, "导入B,,,1,,1,TEA-LJ-01,"].join("\n") });
    expect(!r2.ok && r2.issues.map((i) => `${i.row}:${i.column}:${i.key}`)).toEqual(["2:code:product.codeTaken"]);
    expect(await catalogState(seed.teaId)).toEqual(before);
  });

  test("generated SKU codes never collide with codes already in the store", async () => {
    const c = as(users.owner, seed.teaId);
    // Pin the generated prefix ("IMPAAAAA") and take its first code beforehand.
    const random = vi.spyOn(Math, "random").mockReturnValue(0);
    try {
      const p = await c.products.create(base({ name: "占用编码", skus: [{ spec: [], price: "10", cost: "1", stock: "1", code: "IMPAAAAA-01" }], specs: [] }));
      expect(p.skus[0]!.code).toBe("IMPAAAAA-01");
      const r = await c.products.importCsv({ csv: [header, "自动编码商品,,,9.9,,5,,"].join("\n") });
      expect(r.ok).toBe(true);
      const [row] = await truth<{ code: string }>(sql`select s.code from product_skus s join products p on p.id = s.product_id where p.tenant_id = ${seed.teaId} and p.name = '自动编码商品'`);
      expect(row!.code).toBe("IMPAAAAA-02");
    } finally {
      random.mockRestore();
    }
  });

  test("a clean file imports everything in one go, grouped by product", async () => {
    const c = as(users.owner, seed.teaId);
    const r = await c.products.importCsv({ csv: "\uFEFF" + good.join("\r\n") });
    expect(r).toMatchObject({ ok: true, categories: ["导入新分类"] });
    if (!r.ok) return;
    expect(r.products.map((p) => [p.name, p.skus, p.status])).toEqual([
      ["导入衬衫", 4, "on_sale"],
      ["导入茶杯, 白瓷", 1, "draft"],
    ]);
    const shirt = await c.products.get({ id: r.products[0]!.id });
    expect(shirt.specs).toEqual([{ name: "颜色", values: ["白", "黑"] }, { name: "尺码", values: ["M", "L"] }]);
    expect(shirt.skus.map((s) => s.priceFen)).toEqual([8900, 8900, 8900, 8950]);
    const cup = await c.products.get({ id: r.products[1]!.id });
    expect(cup.skus[0]).toMatchObject({ priceFen: 1250, costFen: 0, stock: 3 });
    expect(cup.skus[0]!.code).toMatch(/^IMP/);
    // Importing the same file again: the products exist now.
    const again = await c.products.importCsv({ csv: good.join("\n") });
    expect(!again.ok && again.issues.some((i) => i.key === "import.productExists")).toBe(true);
  });
});

describe("tenant boundaries", () => {
  test("a category or an image of another tenant is refused", async () => {
    const c = as(users.owner, seed.teaId);
    const [beautyCat] = await truth<{ id: string }>(sql`select id::text from categories where tenant_id = ${seed.beautyId} limit 1`);
    const before = await catalogState(seed.teaId);
    const e = await rejection(c.products.create(base({ categoryId: beautyCat!.id })));
    expect(keyOf(e)).toBe("product.categoryNotFound");
    // beauty's own upload, referenced from tea, with either tenant id in the URL.
    const up = await as(users.agency, seed.beautyId).products.uploadMedia({ bytes: PNG });
    const e2 = await rejection(c.products.create(base({ images: [up.url] })));
    expect(keyOf(e2)).toBe("product.imageForeign");
    const e3 = await rejection(c.products.create(base({ images: [`/api/media/${seed.teaId}/${up.id}`] })));
    expect(keyOf(e3)).toBe("product.imageForeign");
    expect(await catalogState(seed.teaId)).toEqual(before);
    // A beauty category cannot be renamed or deleted from tea either.
    expect((await rejection(c.products.categories.delete({ id: beautyCat!.id }))).code).toBe("NOT_FOUND");
  });

  test("own uploads are accepted; the bytes decide the type", async () => {
    const c = as(users.owner, seed.teaId);
    const up = await c.products.uploadMedia({ bytes: PNG });
    expect(up).toMatchObject({ contentType: "image/png", url: `/api/media/${seed.teaId}/${up.id}` });
    const p = await c.products.create(base({ name: "有图商品", images: [up.url] }));
    expect(p.images).toEqual([up.url]);
    const e = await rejection(c.products.uploadMedia({ bytes: new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>") }));
    expect(keyOf(e)).toBe("product.imageType");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    expect(keyOf(await rejection(c.products.uploadMedia({ bytes: big })))).toBe("product.imageTooLarge");
  });
});

describe("bad input reads in both languages and changes nothing", () => {
  const cases: [string, () => Record<string, unknown>, string, string, string][] = [
    ["zero price", () => base({ skus: skusFor(tshirtSpecs).map((s, i) => (i === 0 ? { ...s, price: "0" } : s)) }), "skus.0.price", "售价必须大于 0。", "The price must be above 0."],
    ["negative price", () => base({ skus: skusFor(tshirtSpecs).map((s, i) => (i === 3 ? { ...s, price: "-5" } : s)) }), "skus.3.price", "售价必须大于 0。", "The price must be above 0."],
    ["three decimals", () => base({ skus: skusFor(tshirtSpecs).map((s, i) => (i === 1 ? { ...s, price: "12.345" } : s)) }), "skus.1.price", "金额最多保留两位小数（精确到分）。", "Amounts can have at most two decimals (fen)."],
    ["negative stock", () => base({ skus: skusFor(tshirtSpecs).map((s, i) => (i === 0 ? { ...s, stock: "-1" } : s)) }), "skus.0.stock", "库存必须是 0 或正整数。", "Stock must be a whole number, 0 or more."],
    ["fractional stock", () => base({ skus: skusFor(tshirtSpecs).map((s, i) => (i === 2 ? { ...s, stock: "1.5" } : s)) }), "skus.2.stock", "库存必须是 0 或正整数。", "Stock must be a whole number, 0 or more."],
    ["duplicate code", () => base({ skus: skusFor(tshirtSpecs).map((s, i, all) => (i === 1 ? { ...s, code: all[0]!.code } : s)) }), "skus.1.code", "SKU 编码重复了。", "This SKU code is used twice."],
    [
      "four dimensions",
      () => {
        const specs = ["a", "b", "c", "d"].map((n) => ({ name: n, values: ["1"] }));
        return base({ specs, skus: skusFor(specs) });
      },
      "specs",
      "最多只能添加 3 个规格。",
      "A product can have at most 3 specs.",
    ],
    [
      "duplicate spec values",
      () => {
        const specs = [{ name: "颜色", values: ["红", "红"] }];
        return base({ specs, skus: [] });
      },
      "specs.0.values.1",
      "同一规格下的规格值不能重复。",
      "Values of one spec must be different.",
    ],
  ];
  test.each(cases)("%s", async (_name, input, field, zh, en) => {
    const before = await catalogState(seed.teaId);
    const rz = await http(ctxOf(users.owner, seed.teaId, "zh-CN"), "products.create", input());
    const re = await http(ctxOf(users.owner, seed.teaId, "en"), "products.create", input());
    expect(rz.status).toBe(400);
    expect(rz.fields[field]).toBe(zh);
    expect(re.fields[field]).toBe(en);
    expect(await catalogState(seed.teaId)).toEqual(before);
  });

  test("an AppError (code taken) is localized too", async () => {
    const skus = skusFor(tshirtSpecs);
    skus[0]!.code = "TEA-LJ-02";
    const r = await http(ctxOf(users.owner, seed.teaId, "en"), "products.create", base({ skus }));
    expect(r.status).toBe(409);
    expect(r.fields["skus.0.code"]).toBe("The SKU code “TEA-LJ-02” is already used by another product.");
  });
});

describe("roles", () => {
  test("a viewer reads but cannot write; an operator can", async () => {
    const viewer = as(users.viewer, seed.teaId);
    const list = await viewer.products.list({ page: 1, pageSize: 5 });
    expect(list.items.length).toBe(5);
    expect(list.total).toBeGreaterThanOrEqual(15);
    const id = list.items[0]!.id;
    const before = await catalogState(seed.teaId);
    // One at a time, each awaited as it is made (no rejection left unobserved meanwhile).
    const writes: (() => Promise<unknown>)[] = [
      () => viewer.products.create(base()),
      () => viewer.products.setStatus({ ids: [id], status: "off" }),
      () => viewer.products.bulkEdit({ ids: [id], price: { mode: "set", value: "1" }, stock: null }),
      () => viewer.products.importCsv({ csv: "商品名称,售价\n只读导入,1" }),
      () => viewer.products.uploadMedia({ bytes: PNG }),
      () => viewer.products.categories.create({ name: "只读分类" }),
    ];
    for (const w of writes) expect(keyOf(await rejection(w()))).toBe("forbiddenRole");
    expect(await catalogState(seed.teaId)).toEqual(before);
    const p = await as(users.ops, seed.teaId).products.create(base({ name: "运营创建" }));
    expect(p.name).toBe("运营创建");
  });
});

describe("list and categories", () => {
  test("search, status and category filters page on the server", async () => {
    const c = as(users.owner, seed.teaId);
    const all = await c.products.list({ page: 1, pageSize: 100 });
    const page2 = await c.products.list({ page: 2, pageSize: 3 });
    expect(page2.items.map((i) => i.id)).toEqual(all.items.slice(3, 6).map((i) => i.id));
    const hit = await c.products.list({ q: "龙井", page: 1, pageSize: 20 });
    expect(hit.items.length).toBeGreaterThan(0);
    expect(hit.items.every((i) => i.name.includes("龙井"))).toBe(true);
    // The status tabs count the search, not the whole store.
    expect(Object.values(hit.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(hit.total);
    expect(Object.values(all.counts).reduce((a, b) => a + (b ?? 0), 0)).toBe(all.total);
    expect((await c.products.list({ q: "%", page: 1, pageSize: 20 })).total).toBe(0);
    const drafts = await c.products.list({ status: "draft", page: 1, pageSize: 100 });
    expect(drafts.items.every((i) => i.status === "draft")).toBe(true);
    const lj = hit.items[0]!;
    expect(lj.minPriceFen).toBe(16800);
    expect(lj.maxPriceFen).toBe(69800);
    const byCat = await c.products.list({ categoryId: lj.categoryId!, page: 1, pageSize: 100 });
    expect(byCat.items.every((i) => i.categoryId === lj.categoryId)).toBe(true);
  });

  test("categories: create, rename, reorder, delete only when empty", async () => {
    const c = as(users.owner, seed.teaId);
    const cat = await c.products.categories.create({ name: "新分类" });
    expect(keyOf(await rejection(c.products.categories.create({ name: "新分类" })))).toBe("product.categoryExists");
    await c.products.categories.rename({ id: cat.id, name: "改名分类" });
    const p = await c.products.create(base({ name: "分类里的商品", categoryId: cat.id }));
    expect(keyOf(await rejection(c.products.categories.delete({ id: cat.id })))).toBe("product.categoryNotEmpty");
    await c.products.update({ ...base({ name: "分类里的商品", categoryId: null, skus: p.skus.map((s) => ({ spec: s.spec, price: "1", cost: "", stock: "", code: s.code })) }), id: p.id });
    const list = await c.products.categories.list();
    const reordered = await c.products.categories.reorder({ ids: [cat.id, ...list.filter((x) => x.id !== cat.id).map((x) => x.id)] });
    expect(reordered[0]!.name).toBe("改名分类");
    await c.products.categories.delete({ id: cat.id });
    expect((await c.products.categories.list()).some((x) => x.id === cat.id)).toBe(false);
  });
});
