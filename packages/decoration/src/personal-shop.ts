/**
 * A distributor's personal shop (PRODUCT.md §6.3): the merchant's standard
 * template with the distributor's own banner, title, product selection and
 * colour, within what their level allows; and the keyword check every text
 * a distributor publishes passes (§8.1). Pure: the mini-program shares it.
 */
import { z } from "zod";
import { imageUrl } from "./blocks";
import { DOCUMENT_VERSION, type PageDocument } from "./document";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The theme colours a distributor may pick for their shop's header: the merchant's palette, nothing else. */
export const SHOP_COLOURS = ["primary", "accent", "foreground"] as const;
export type ShopColour = (typeof SHOP_COLOURS)[number];

/** What a level may change. Level 1 (and any level without rights) shows the standard template. */
export type ShopRights = { banner: boolean; maxProducts: number; colours: boolean };
export const NO_SHOP_RIGHTS: ShopRights = { banner: false, maxProducts: 0, colours: false };
export const MAX_SHOP_PRODUCTS = 30;
export const shopRightsSchema = z.object({
  banner: z.boolean(),
  maxProducts: z.number({ error: "personalShop.maxProducts" }).int({ error: "personalShop.maxProducts" }).min(0, { error: "personalShop.maxProducts" }).max(MAX_SHOP_PRODUCTS, { error: "personalShop.maxProducts" }),
  colours: z.boolean(),
});
export const mayDecorate = (r: ShopRights) => r.banner || r.maxProducts > 0 || r.colours;

export const personalShopSchema = z.object({
  title: z.string().trim().max(20, { error: "decoration.textTooLong" }).default(""),
  banner: imageUrl.nullable().default(null),
  productIds: z.array(z.string().regex(UUID, { error: "decoration.reference" })).max(MAX_SHOP_PRODUCTS, { error: "decoration.tooManyProducts" }).default([]),
  colour: z.enum(SHOP_COLOURS, { error: "personalShop.colour" }).nullable().default(null),
});
export type PersonalShop = z.output<typeof personalShopSchema>;
export const EMPTY_SHOP: PersonalShop = { title: "", banner: null, productIds: [], colour: null };

/** The first thing a level may not change, as a field and an errors.* key (the API answers FORBIDDEN). */
export function rightsViolation(shop: PersonalShop, rights: ShopRights): { field: string; key: string; params?: Record<string, number> } | null {
  if (!rights.banner && (shop.title || shop.banner)) return { field: shop.banner ? "banner" : "title", key: "personalShop.noBanner" };
  if (shop.productIds.length > rights.maxProducts)
    return rights.maxProducts ? { field: "productIds", key: "personalShop.tooManyProducts", params: { max: rights.maxProducts } } : { field: "productIds", key: "personalShop.noProducts" };
  if (!rights.colours && shop.colour) return { field: "colour", key: "personalShop.noColours" };
  return null;
}

/**
 * The platform's list: pyramid-selling wording (传销) and absolute claims the
 * advertising law forbids (广告法 §9). Merchants add their own words.
 */
export const PLATFORM_BANNED_WORDS = [
  "躺赚", "拉人头", "月入过万", "月入十万", "日赚", "稳赚", "保本", "零风险", "无风险", "发展下线", "拉下线", "人头费", "入门费", "层层返利", "暴富", "财务自由",
  "最高级", "最佳", "最好", "最低价", "第一品牌", "国家级", "世界级", "顶级", "极品", "万能", "100%有效", "绝对", "根治", "特效",
] as const;

const IGNORED = /[\s\u200b-\u200d\ufeff·.,，。、*_\-]+/g;
const normalise = (s: string) => s.normalize("NFKC").toLowerCase().replace(IGNORED, "");

/** The banned words found in the texts (after folding width, case, spaces and punctuation, so 躺 赚 and 躺*赚 count). */
export function flaggedWords(texts: string[], extra: readonly string[] = []): string[] {
  const hay = texts.map(normalise).join("\n");
  const out = new Set<string>();
  for (const w of [...PLATFORM_BANNED_WORDS, ...extra]) {
    const n = normalise(w);
    if (n && hay.includes(n)) out.add(w);
  }
  return [...out];
}

/** The words a merchant adds: trimmed, unique, at most 200 of 1–20 characters. */
export const merchantWordsSchema = z
  .array(z.string().trim().min(1, { error: "personalShop.word" }).max(20, { error: "personalShop.word" }))
  .max(200, { error: "personalShop.tooManyWords" })
  .transform((ws) => [...new Set(ws)]);

/** Three rejections suspend a distributor's shop editing until the merchant lifts it. */
export const REJECTIONS_TO_SUSPEND = 3;

/**
 * The text cut into runs, those spelling a flagged word marked: found the way
 * flaggedWords finds them (folded width and case, spaces and punctuation
 * skipped), so the reviewer sees 躺 赚 and 躺*赚 marked too.
 */
export function markFlagged(text: string, words: readonly string[]): { text: string; hit: boolean }[] {
  // The folded text, each folded character remembering the original character it came from.
  const chars = Array.from(text);
  let folded = "";
  const from: number[] = [];
  chars.forEach((c, i) => {
    const f = c.normalize("NFKC").toLowerCase().replace(IGNORED, "");
    folded += f;
    for (let k = 0; k < f.length; k++) from.push(i);
  });
  const hit = new Array<boolean>(chars.length).fill(false);
  for (const w of words) {
    const n = normalise(w);
    if (!n) continue;
    for (let at = folded.indexOf(n); at !== -1; at = folded.indexOf(n, at + 1)) for (let i = from[at]!; i <= from[at + n.length - 1]!; i++) hit[i] = true;
  }
  const out: { text: string; hit: boolean }[] = [];
  chars.forEach((c, i) => {
    const last = out[out.length - 1];
    if (last && last.hit === hit[i]) last.text += c;
    else out.push({ text: c, hit: hit[i]! });
  });
  return out;
}

/** A personal shop's picks as the page document both renderers draw (a two-column product grid in the distributor's order). */
export function picksDocument(productIds: readonly string[]): PageDocument {
  return {
    version: DOCUMENT_VERSION,
    kind: "landing",
    slug: "d",
    title: "",
    blocks: [{ id: "distributor-picks", type: "productGrid", props: { title: "", source: "manual", productIds: [...productIds], categoryId: null, count: productIds.length, columns: 2 } }],
  };
}
