/**
 * The data a page's blocks show (packages/decoration render-data.ts): the
 * products of each product block, the shop's categories, its landing pages'
 * titles and the recruitment block's headline rates. A handful of queries a
 * page whatever its number of blocks: every manual pick in one, newest and
 * best-selling once at the largest count asked, one per category named.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { BlockData, BlockProduct, PageDocument } from "../../../decoration/src";
import type { Tx } from "../client";
import { categories, orderLines, orders, productSkus, products } from "../schema";
import { getProgramme } from "./distribution-settings";

const card = {
  id: products.id,
  name: products.name,
  images: products.images,
  minPriceFen: sql<number>`min(${productSkus.priceFen})::int`,
  stock: sql<number>`coalesce(sum(${productSkus.stock}), 0)::int`,
};
type Row = { id: string; name: string; images: string[]; minPriceFen: number; stock: number };
const toCard = (r: Row): BlockProduct => ({ id: r.id, name: r.name, image: r.images[0] ?? null, minPriceFen: r.minPriceFen, soldOut: r.stock <= 0 });

function onSale(tx: Tx) {
  return tx
    .select(card)
    .from(products)
    .innerJoin(productSkus, and(eq(productSkus.tenantId, products.tenantId), eq(productSkus.productId, products.id)))
    .$dynamic()
    .groupBy(products.tenantId, products.id);
}

/** Paid orders' units per product over the last 90 days: the best-selling order (ties by the merchant's sort). */
const BEST_SELLING_DAYS = 90;

export async function blockData(tx: Tx, tenantId: string, pages: PageDocument[], opts: { landingPages?: Record<string, string> } = {}): Promise<BlockData> {
  const blocks = pages.flatMap((p) => p.blocks);
  // Link titles: the release's landing pages (given), else those among `pages`.
  const titles = opts.landingPages ?? Object.fromEntries(pages.filter((p) => p.kind === "landing" && p.slug).map((p) => [p.slug!, p.title]));
  const out: BlockData = { products: {}, categories: [], pages: titles, recruitment: null };
  const live = and(eq(products.tenantId, tenantId), eq(products.status, "on_sale"));

  const manualIds = new Set<string>();
  let newest = 0;
  let best = 0;
  const byCategory = new Map<string, number>();
  for (const b of blocks) {
    if (b.type === "productGrid" || b.type === "productList") {
      const p = b.props;
      if (p.source === "manual") p.productIds.forEach((id) => manualIds.add(id));
      else if (p.source === "newest") newest = Math.max(newest, p.count);
      else if (p.source === "bestSelling") best = Math.max(best, p.count);
      else if (p.categoryId) byCategory.set(p.categoryId, Math.max(byCategory.get(p.categoryId) ?? 0, p.count));
    } else if (b.type === "countdown") b.props.productIds.forEach((id) => manualIds.add(id));
  }

  const [manual, newestRows, bestRows, catRows, cats, programme] = await Promise.all([
    manualIds.size ? onSale(tx).where(and(live, inArray(products.id, [...manualIds]))) : Promise.resolve([] as Row[]),
    newest ? onSale(tx).where(live).orderBy(desc(products.createdAt), products.sort, products.id).limit(newest) : Promise.resolve([] as Row[]),
    best ? bestSelling(tx, tenantId, best) : Promise.resolve([] as Row[]),
    Promise.all(
      [...byCategory].map(async ([categoryId, n]) => [categoryId, await onSale(tx).where(and(live, eq(products.categoryId, categoryId))).orderBy(products.sort, products.id).limit(n)] as const),
    ),
    blocks.some((b) => b.type === "categoryNav")
      ? tx.select({ id: categories.id, name: categories.name }).from(categories).where(eq(categories.tenantId, tenantId)).orderBy(categories.sort, categories.id)
      : Promise.resolve([]),
    blocks.some((b) => b.type === "recruitment") ? getProgramme(tx, tenantId) : Promise.resolve(null),
  ]);
  const manualById = new Map((manual as Row[]).map((r) => [r.id, toCard(r)]));
  const catMap = new Map(catRows.map(([id, rows]) => [id, (rows as Row[]).map(toCard)]));
  for (const b of blocks) {
    if (b.type === "productGrid" || b.type === "productList") {
      const p = b.props;
      out.products[b.id] =
        p.source === "manual"
          ? p.productIds.flatMap((id) => manualById.get(id) ?? []).slice(0, p.count)
          : p.source === "newest"
            ? (newestRows as Row[]).slice(0, p.count).map(toCard)
            : p.source === "bestSelling"
              ? (bestRows as Row[]).slice(0, p.count).map(toCard)
              : (catMap.get(p.categoryId ?? "") ?? []).slice(0, p.count);
    } else if (b.type === "countdown") out.products[b.id] = b.props.productIds.flatMap((id) => manualById.get(id) ?? []);
  }
  out.categories = cats.map((c) => ({ id: c.id, name: c.name, image: null }));
  if (programme) {
    const { programme: p } = programme;
    out.recruitment = { level1Bp: p.rates[0]?.[0] ?? 0, level2Bp: p.levels >= 2 ? (p.rates[1]?.[0] ?? 0) : null };
  }
  return out;
}

async function bestSelling(tx: Tx, tenantId: string, limit: number): Promise<Row[]> {
  const sold = tx
    .select({ productId: orderLines.productId, units: sql<number>`sum(${orderLines.quantity})::int`.as("units") })
    .from(orderLines)
    .innerJoin(orders, and(eq(orders.tenantId, orderLines.tenantId), eq(orders.id, orderLines.orderId)))
    .where(and(eq(orderLines.tenantId, tenantId), sql`${orders.paidAt} > now() - make_interval(days => ${BEST_SELLING_DAYS})`))
    .groupBy(orderLines.productId)
    .as("sold");
  const rows = await tx
    .select({ ...card, units: sql<number>`coalesce(max(${sold.units}), 0)::int` })
    .from(products)
    .innerJoin(productSkus, and(eq(productSkus.tenantId, products.tenantId), eq(productSkus.productId, products.id)))
    .leftJoin(sold, eq(sold.productId, products.id))
    .where(and(eq(products.tenantId, tenantId), eq(products.status, "on_sale")))
    .groupBy(products.tenantId, products.id)
    .orderBy(sql`coalesce(max(${sold.units}), 0) desc`, products.sort, products.id)
    .limit(limit);
  return rows;
}
