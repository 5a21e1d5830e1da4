import { and, asc, desc, eq, ilike, inArray, ne, sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import { applyPercentFen, parsePercentBp, parseYuan, MAX_FEN } from "../../../core/src/yuan";
import { parseProductCsv, type ImportIssue } from "../../../catalog/src/csv";
import { parseMediaUrl } from "../../../catalog/src/image";
import type { BulkEditInput, ProductInput } from "../../../catalog/src/schemas";
import { MAX_STOCK } from "../../../catalog/src/schemas";
import { cartesian, newCodeBase, nextCode, specKey, type SpecDimension } from "../../../catalog/src/specs";
import { rowsOf, type Tx } from "../client";
import { categories, media, productSkus, products } from "../schema";
import { writeAudit, writeAudits } from "./audit";

/**
 * The merchant's product management (console /console/products). Every
 * function takes the procedure's transaction, whose RLS context is the
 * tenant: ids of another tenant are simply not found. Writes are audited.
 */

type Status = (typeof products.$inferSelect)["status"];

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listProducts(
  tx: Tx,
  tenantId: string,
  opts: { q?: string; status?: Status; categoryId?: string; page: number; pageSize: number },
) {
  // The status tabs count what the search and category select; the list is one of those tabs.
  const searched = and(
    eq(products.tenantId, tenantId),
    opts.q ? ilike(products.name, `%${escapeLike(opts.q)}%`) : undefined,
    opts.categoryId ? eq(products.categoryId, opts.categoryId) : undefined,
  );
  const where = and(searched, opts.status ? eq(products.status, opts.status) : undefined);
  const statusCounts = await tx
    .select({ status: products.status, n: sql<number>`count(*)::int` })
    .from(products)
    .where(searched)
    .groupBy(products.status);
  const counts = Object.fromEntries(statusCounts.map((c) => [c.status, c.n])) as Partial<Record<Status, number>>;
  const total = opts.status ? (counts[opts.status] ?? 0) : statusCounts.reduce((sum, c) => sum + c.n, 0);
  const rows = await tx
    .select({
      id: products.id,
      name: products.name,
      subtitle: products.subtitle,
      images: products.images,
      status: products.status,
      categoryId: products.categoryId,
      categoryName: categories.name,
    })
    .from(products)
    .leftJoin(categories, and(eq(categories.tenantId, products.tenantId), eq(categories.id, products.categoryId)))
    .where(where)
    .orderBy(desc(products.createdAt), asc(products.sort), asc(products.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  // Aggregates for this page only (index on product_skus(tenant_id, product_id)).
  const ids = rows.map((r) => r.id);
  const aggs = ids.length
    ? await tx
        .select({
          productId: productSkus.productId,
          minPriceFen: sql<number>`min(${productSkus.priceFen})::int`,
          maxPriceFen: sql<number>`max(${productSkus.priceFen})::int`,
          stock: sql<number>`sum(${productSkus.stock})::bigint::float8`,
          skuCount: sql<number>`count(*)::int`,
        })
        .from(productSkus)
        .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.productId, ids)))
        .groupBy(productSkus.productId)
    : [];
  const byId = new Map(aggs.map((a) => [a.productId, a]));
  return {
    items: rows.map(({ images, ...r }) => {
      const a = byId.get(r.id);
      return { ...r, cover: images[0] ?? null, minPriceFen: a?.minPriceFen ?? null, maxPriceFen: a?.maxPriceFen ?? null, stock: Number(a?.stock ?? 0), skuCount: a?.skuCount ?? 0 };
    }),
    total,
    page: opts.page,
    pageSize: opts.pageSize,
    counts,
  };
}

/** A product with its SKUs in matrix order (what the edit form shows). */
export async function getProduct(tx: Tx, tenantId: string, id: string) {
  const [p] = await tx.select().from(products).where(and(eq(products.tenantId, tenantId), eq(products.id, id)));
  if (!p) return null;
  const skus = await tx
    .select({ id: productSkus.id, code: productSkus.code, spec: productSkus.spec, priceFen: productSkus.priceFen, costFen: productSkus.costFen, stock: productSkus.stock })
    .from(productSkus)
    .where(and(eq(productSkus.tenantId, tenantId), eq(productSkus.productId, id)))
    .orderBy(asc(productSkus.createdAt), asc(productSkus.code));
  const order = new Map(cartesian(p.specs).map((c, i) => [specKey(c), i]));
  skus.sort((a, b) => (order.get(specKey(a.spec)) ?? 1e9) - (order.get(specKey(b.spec)) ?? 1e9));
  return { ...p, skus };
}

type Snapshot = { name: string; status: Status; categoryId: string | null; images: string[]; specs: SpecDimension[]; skus: { code: string; spec: string[]; priceFen: number; costFen: number; stock: number }[] };
const snapshot = (p: NonNullable<Awaited<ReturnType<typeof getProduct>>>): Snapshot => ({
  name: p.name,
  status: p.status,
  categoryId: p.categoryId,
  images: p.images,
  specs: p.specs,
  skus: p.skus.map(({ code, spec, priceFen, costFen, stock }) => ({ code, spec, priceFen, costFen, stock })),
});

async function assertCategory(tx: Tx, tenantId: string, categoryId: string | null) {
  if (!categoryId) return;
  const [c] = await tx.select({ id: categories.id }).from(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.id, categoryId)));
  if (!c) throw new AppError("BAD_REQUEST", "product.categoryNotFound", {}, "categoryId");
}

/** Every image is one of this tenant's uploads (another tenant's URL or media id is refused). */
async function assertImages(tx: Tx, tenantId: string, images: string[]) {
  if (!images.length) return;
  const refs = images.map(parseMediaUrl);
  if (refs.some((r) => !r || r.tenantId !== tenantId)) throw new AppError("BAD_REQUEST", "product.imageForeign", {}, "images");
  const ids = [...new Set(refs.map((r) => r!.mediaId))];
  const found = await tx.select({ id: media.id }).from(media).where(and(eq(media.tenantId, tenantId), inArray(media.id, ids)));
  if (found.length !== ids.length) throw new AppError("BAD_REQUEST", "product.imageForeign", {}, "images");
}

/** SKU codes are unique per tenant: none of `codes` may belong to another product. */
async function assertCodesFree(tx: Tx, tenantId: string, codes: string[], productId: string | null) {
  if (!codes.length) return;
  const taken = await tx
    .select({ code: productSkus.code })
    .from(productSkus)
    .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.code, codes), productId ? ne(productSkus.productId, productId) : undefined));
  if (taken.length) {
    const code = taken[0]!.code;
    throw new AppError("CONFLICT", "product.codeTaken", { code }, `skus.${codes.indexOf(code)}.code`);
  }
}

type SkuRowUpdate = { id: string; code: string; priceFen: number; costFen: number; stock: number; /** Move stock by this much from what it is now, instead of setting `stock`. */ delta?: number | null };

/**
 * Several SKU rows updated in one statement. A row with a `delta` moves its
 * stock from what it is at this moment (units sold since the editor loaded
 * are kept); a row whose stock would end below 0 (or above MAX_STOCK) is left
 * alone and comes back with the stock it has, so the caller refuses the edit.
 */
async function updateSkuRows(tx: Tx, tenantId: string, rows: SkuRowUpdate[]): Promise<{ id: string; stock: number }[]> {
  if (!rows.length) return [];
  const data = JSON.stringify(rows.map((r) => ({ id: r.id, code: r.code, price_fen: r.priceFen, cost_fen: r.costFen, stock: r.stock, delta: r.delta ?? null })));
  const next = sql`coalesce(s.stock + v.delta, v.stock)`;
  const done = rowsOf<{ id: string }>(
    await tx.execute(sql`
      update product_skus s set code = v.code, price_fen = v.price_fen, cost_fen = v.cost_fen, stock = ${next}
      from jsonb_to_recordset(${data}::jsonb) as v(id uuid, code text, price_fen int, cost_fen int, stock int, delta int)
      where s.tenant_id = ${tenantId} and s.id = v.id and ${next} between 0 and ${MAX_STOCK}
      returning s.id`),
  );
  if (done.length === rows.length) return [];
  const ok = new Set(done.map((r) => r.id));
  const refused = rows.filter((r) => !ok.has(r.id)).map((r) => r.id);
  return tx.select({ id: productSkus.id, stock: productSkus.stock }).from(productSkus).where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.id, refused)));
}

/** Parks the codes of SKUs being renamed (the unique index is checked row by row, so codes may be swapped). */
async function parkSkuCodes(tx: Tx, tenantId: string, ids: string[]) {
  if (!ids.length) return;
  await tx
    .update(productSkus)
    .set({ code: sql`'~' || ${productSkus.id}::text` })
    .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.id, ids)));
}

/**
 * Creates (id null) or updates a product with its whole SKU matrix, in the
 * caller's transaction. SKUs are matched to existing ones by spec values, so
 * a combination that still exists keeps its id (carts and order history
 * point at it); combinations that no longer exist are deleted.
 */
export async function saveProduct(tx: Tx, tenantId: string, userId: string | null, input: ProductInput, id: string | null) {
  const before = id ? await getProduct(tx, tenantId, id) : null;
  if (id && !before) throw new AppError("NOT_FOUND", "notFound");
  if (before?.status === "on_sale" && input.skus.length === 0) throw new AppError("BAD_REQUEST", "product.publishNeedsSku", { name: before.name }, "skus");
  await assertCategory(tx, tenantId, input.categoryId);
  await assertImages(tx, tenantId, input.images);
  await assertCodesFree(tx, tenantId, input.skus.map((s) => s.code), id);

  const fields = { name: input.name, subtitle: input.subtitle, description: input.description, categoryId: input.categoryId, images: input.images, specs: input.specs };
  let productId: string;
  if (before) {
    productId = before.id;
    await tx.update(products).set({ ...fields, updatedAt: sql`now()` }).where(and(eq(products.tenantId, tenantId), eq(products.id, productId)));
  } else {
    productId = crypto.randomUUID();
    const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${products.sort}) + 1, 0)::int` }).from(products).where(eq(products.tenantId, tenantId));
    await tx.insert(products).values({ tenantId, id: productId, ...fields, status: "draft", sort: next });
  }

  const existing = new Map((before?.skus ?? []).map((s) => [specKey(s.spec), s]));
  const wanted = new Set(input.skus.map((s) => specKey(s.spec)));
  const gone = [...existing.values()].filter((s) => !wanted.has(specKey(s.spec))).map((s) => s.id);
  if (gone.length) await tx.delete(productSkus).where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.id, gone)));
  // A SKU the editor loaded changes its stock by the difference the merchant made (stock + new − loaded).
  const kept = input.skus.flatMap((s, i) => {
    const old = existing.get(specKey(s.spec));
    const delta = s.loadedStock == null ? null : s.stock - s.loadedStock;
    return old ? [{ index: i, id: old.id, oldCode: old.code, code: s.code, priceFen: s.price, costFen: s.cost, stock: s.stock, delta }] : [];
  });
  await parkSkuCodes(tx, tenantId, kept.filter((k) => k.code !== k.oldCode).map((k) => k.id));
  const [refused] = await updateSkuRows(tx, tenantId, kept);
  if (refused) {
    const k = kept.find((x) => x.id === refused.id)!;
    throw new AppError("BAD_REQUEST", "product.stockWouldGoNegative", { code: k.code, stock: refused.stock }, `skus.${k.index}.stock`);
  }
  const added = input.skus.filter((s) => !existing.has(specKey(s.spec)));
  if (added.length) {
    await tx.insert(productSkus).values(added.map((s) => ({ tenantId, productId, code: s.code, spec: s.spec, priceFen: s.price, costFen: s.cost, stock: s.stock })));
  }
  const after = (await getProduct(tx, tenantId, productId))!;
  await writeAudit(tx, {
    tenantId,
    actorUserId: userId,
    action: before ? "product.update" : "product.create",
    target: `product:${productId}`,
    before: before ? snapshot(before) : null,
    after: snapshot(after),
  });
  return after;
}

/**
 * Publish, take off sale or back to draft, for one or several products, all
 * or nothing. On sale needs at least one SKU, each with a price.
 */
export async function setProductStatus(tx: Tx, tenantId: string, userId: string | null, ids: string[], status: Status) {
  const unique = [...new Set(ids)];
  const rows = await tx
    .select({
      id: products.id,
      name: products.name,
      status: products.status,
      skuCount: sql<number>`(select count(*)::int from product_skus s where s.tenant_id = products.tenant_id and s.product_id = products.id)`,
    })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), inArray(products.id, unique)));
  if (rows.length !== unique.length) throw new AppError("NOT_FOUND", "notFound");
  if (status === "on_sale") {
    const bad = rows.find((r) => r.skuCount === 0);
    if (bad) throw new AppError("BAD_REQUEST", "product.publishNeedsSku", { name: bad.name });
    // Every SKU has a price: the database refuses one without (price_fen > 0).
  }
  const changing = rows.filter((r) => r.status !== status);
  if (changing.length) {
    await tx
      .update(products)
      .set({ status, updatedAt: sql`now()` })
      .where(and(eq(products.tenantId, tenantId), inArray(products.id, changing.map((r) => r.id))));
    await writeAudits(
      tx,
      changing.map((r) => ({ tenantId, actorUserId: userId, action: "product.status", target: `product:${r.id}`, before: { status: r.status }, after: { status } })),
    );
  }
  return { updated: changing.length };
}

/**
 * Sets or adjusts the price and/or stock of every SKU of the selected
 * products, all or nothing: one SKU that would end at a price ≤ 0 or a
 * negative stock refuses the whole edit.
 */
export async function bulkEditProducts(tx: Tx, tenantId: string, userId: string | null, input: BulkEditInput) {
  const ids = [...new Set(input.ids)];
  const found = await tx.select({ id: products.id }).from(products).where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
  if (found.length !== ids.length) throw new AppError("NOT_FOUND", "notFound");
  const skus = await tx
    .select({ id: productSkus.id, productId: productSkus.productId, code: productSkus.code, priceFen: productSkus.priceFen, costFen: productSkus.costFen, stock: productSkus.stock })
    .from(productSkus)
    .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.productId, ids)))
    .orderBy(asc(productSkus.code));

  const priceOf = (fen: number): number => {
    const p = input.price;
    if (!p) return fen;
    if (p.mode === "percent") return applyPercentFen(fen, parsePercentBp(p.value)!);
    const r = parseYuan(p.value, { signed: p.mode === "add" });
    if (!r.ok) throw new AppError("BAD_REQUEST", "product.moneyFormat", {}, "price.value");
    return p.mode === "set" ? r.fen : fen + r.fen;
  };
  const stockOf = (n: number): number => {
    const s = input.stock;
    if (!s) return n;
    const v = Number(s.value.trim());
    return s.mode === "set" ? v : n + v;
  };
  // Set is the merchant's number; otherwise stock moves from what it is when written (a sale meanwhile is kept).
  const delta = input.stock?.mode === "set" ? null : input.stock ? Number(input.stock.value.trim()) : 0;
  const next = skus.map((s) => ({ ...s, priceFen: priceOf(s.priceFen), stock: stockOf(s.stock), delta }));
  for (const s of next) {
    if (s.priceFen <= 0) throw new AppError("BAD_REQUEST", "product.bulkPriceNotPositive", { code: s.code }, "price.value");
    if (s.priceFen > MAX_FEN) throw new AppError("BAD_REQUEST", "product.moneyTooLarge", { code: s.code }, "price.value");
    if (s.stock < 0) throw new AppError("BAD_REQUEST", "product.bulkStockNegative", { code: s.code }, "stock.value");
    if (s.stock > MAX_STOCK) throw new AppError("BAD_REQUEST", "product.stockInvalid", { code: s.code }, "stock.value");
  }
  const [refused] = await updateSkuRows(tx, tenantId, next);
  if (refused) throw new AppError("BAD_REQUEST", "product.bulkStockNegative", { code: next.find((s) => s.id === refused.id)!.code }, "stock.value");
  if (ids.length) await tx.update(products).set({ updatedAt: sql`now()` }).where(and(eq(products.tenantId, tenantId), inArray(products.id, ids)));
  const strip = (rows: typeof skus) => rows.map(({ code, priceFen, stock }) => ({ code, priceFen, stock }));
  await writeAudits(
    tx,
    ids.map((id) => ({
      tenantId,
      actorUserId: userId,
      action: "product.bulkEdit",
      target: `product:${id}`,
      before: { skus: strip(skus.filter((s) => s.productId === id)), price: input.price, stock: input.stock },
      after: { skus: strip(next.filter((s) => s.productId === id)) },
    })),
  );
  return { products: ids.length, skus: next.length };
}

/* ---------- categories ---------- */

export async function listCategoriesAdmin(tx: Tx, tenantId: string) {
  return tx
    .select({
      id: categories.id,
      name: categories.name,
      sort: categories.sort,
      products: sql<number>`(select count(*)::int from products p where p.tenant_id = categories.tenant_id and p.category_id = categories.id)`,
    })
    .from(categories)
    .where(eq(categories.tenantId, tenantId))
    .orderBy(asc(categories.sort), asc(categories.name));
}

async function assertCategoryNameFree(tx: Tx, tenantId: string, name: string, self?: string) {
  const [hit] = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.tenantId, tenantId), sql`lower(${categories.name}) = lower(${name})`, self ? ne(categories.id, self) : undefined));
  if (hit) throw new AppError("CONFLICT", "product.categoryExists", { name }, "name");
}

export async function createCategory(tx: Tx, tenantId: string, userId: string | null, name: string) {
  await assertCategoryNameFree(tx, tenantId, name);
  const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${categories.sort}) + 1, 0)::int` }).from(categories).where(eq(categories.tenantId, tenantId));
  const [row] = await tx.insert(categories).values({ tenantId, name, sort: next }).returning();
  await writeAudit(tx, { tenantId, actorUserId: userId, action: "category.create", target: `category:${row!.id}`, after: { name } });
  return row!;
}

export async function renameCategory(tx: Tx, tenantId: string, userId: string | null, id: string, name: string) {
  const [before] = await tx.select().from(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.id, id)));
  if (!before) throw new AppError("NOT_FOUND", "notFound");
  await assertCategoryNameFree(tx, tenantId, name, id);
  const [row] = await tx.update(categories).set({ name }).where(and(eq(categories.tenantId, tenantId), eq(categories.id, id))).returning();
  await writeAudit(tx, { tenantId, actorUserId: userId, action: "category.rename", target: `category:${id}`, before: { name: before.name }, after: { name } });
  return row!;
}

export async function deleteCategory(tx: Tx, tenantId: string, userId: string | null, id: string) {
  const [c] = await listCategoriesAdmin(tx, tenantId).then((all) => all.filter((x) => x.id === id));
  if (!c) throw new AppError("NOT_FOUND", "notFound");
  if (c.products > 0) throw new AppError("CONFLICT", "product.categoryNotEmpty", { name: c.name, count: c.products });
  await tx.delete(categories).where(and(eq(categories.tenantId, tenantId), eq(categories.id, id)));
  await writeAudit(tx, { tenantId, actorUserId: userId, action: "category.delete", target: `category:${id}`, before: { name: c.name } });
}

/** New order of the categories: `ids` first to last (ids of other tenants are not found). */
export async function reorderCategories(tx: Tx, tenantId: string, userId: string | null, ids: string[]) {
  const all = await listCategoriesAdmin(tx, tenantId);
  const mine = new Set(all.map((c) => c.id));
  if (ids.some((id) => !mine.has(id)) || new Set(ids).size !== ids.length) throw new AppError("NOT_FOUND", "notFound");
  const data = JSON.stringify(ids.map((id, sort) => ({ id, sort })));
  await tx.execute(sql`
    update categories c set sort = v.sort
    from jsonb_to_recordset(${data}::jsonb) as v(id uuid, sort int)
    where c.tenant_id = ${tenantId} and c.id = v.id`);
  await writeAudit(tx, { tenantId, actorUserId: userId, action: "category.reorder", target: "categories", before: all.map((c) => c.id), after: ids });
  return listCategoriesAdmin(tx, tenantId);
}

/* ---------- CSV import ---------- */

export type ImportResult =
  | { ok: false; issues: ImportIssue[] }
  | { ok: true; products: { id: string; name: string; status: Status; skus: number }[]; categories: string[] };

/**
 * Checks the whole file (format, then names and codes against the store),
 * and imports only when nothing is wrong, in the caller's transaction.
 * Categories named in the file that do not exist yet are created.
 */
export async function importProductsCsv(tx: Tx, tenantId: string, userId: string | null, csv: string): Promise<ImportResult> {
  const { products: parsed, issues } = parseProductCsv(csv);
  if (issues.length) return { ok: false, issues };
  const names = parsed.map((p) => p.name);
  if (names.length) {
    const existing = await tx.select({ name: products.name }).from(products).where(and(eq(products.tenantId, tenantId), inArray(products.name, names)));
    const taken = new Set(existing.map((e) => e.name));
    for (const p of parsed) if (taken.has(p.name)) issues.push({ row: p.row, column: "name", key: "import.productExists", params: { name: p.name } });
  }
  const codes = parsed.flatMap((p) => p.skus.flatMap((s) => (s.code ? [s.code] : [])));
  if (codes.length) {
    const taken = new Set(
      (await tx.select({ code: productSkus.code }).from(productSkus).where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.code, codes)))).map((r) => r.code),
    );
    for (const p of parsed) for (const s of p.skus) if (s.code && taken.has(s.code)) issues.push({ row: s.row, column: "code", key: "product.codeTaken", params: { code: s.code } });
  }
  if (issues.length) return { ok: false, issues: issues.sort((a, b) => a.row - b.row) };

  const cats = await tx.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.tenantId, tenantId));
  const catByName = new Map(cats.map((c) => [c.name.toLowerCase(), c.id]));
  const createdCategories: string[] = [];
  for (const p of parsed) {
    if (p.categoryName && !catByName.has(p.categoryName.toLowerCase())) {
      const c = await createCategory(tx, tenantId, userId, p.categoryName);
      catByName.set(p.categoryName.toLowerCase(), c.id);
      createdCategories.push(c.name);
    }
  }
  const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${products.sort}) + 1, 0)::int` }).from(products).where(eq(products.tenantId, tenantId));
  // Generated codes: a fresh prefix per product ("IMP" + specs.newCodeBase, so
  // imported rows stay recognisable) numbered past any code already using it,
  // so an import never collides with the store.
  const bases = parsed.map(() => `IMP${newCodeBase().slice(1)}`);
  const used = new Set(codes);
  if (bases.length) {
    const existing = await tx
      .select({ code: productSkus.code })
      .from(productSkus)
      .where(and(eq(productSkus.tenantId, tenantId), inArray(sql`split_part(${productSkus.code}, '-', 1)`, bases)));
    for (const r of existing) used.add(r.code);
  }
  const created: { id: string; name: string; status: Status; skus: number }[] = [];
  const productRows = [];
  const skuRows = [];
  for (const [i, p] of parsed.entries()) {
    const id = crypto.randomUUID();
    const autoCode = () => {
      const c = nextCode(bases[i]!, used);
      used.add(c);
      return c;
    };
    productRows.push({ tenantId, id, name: p.name, categoryId: p.categoryName ? catByName.get(p.categoryName.toLowerCase())! : null, specs: p.specs, status: p.status, sort: next + i });
    for (const s of p.skus) skuRows.push({ tenantId, productId: id, code: s.code ?? autoCode(), spec: s.spec, priceFen: s.priceFen, costFen: s.costFen, stock: s.stock });
    created.push({ id, name: p.name, status: p.status, skus: p.skus.length });
  }
  for (let i = 0; i < productRows.length; i += 500) await tx.insert(products).values(productRows.slice(i, i + 500));
  for (let i = 0; i < skuRows.length; i += 500) await tx.insert(productSkus).values(skuRows.slice(i, i + 500));
  await writeAudit(tx, {
    tenantId,
    actorUserId: userId,
    action: "product.import",
    target: "products",
    after: { products: created.map((c) => ({ id: c.id, name: c.name, skus: c.skus })), categories: createdCategories },
  });
  return { ok: true, products: created, categories: createdCategories };
}
