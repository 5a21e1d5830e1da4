/**
 * What each block's component draws, computed from the release's document
 * and its block data exactly as the H5 renderers read them
 * (components/storefront/blocks). Plain data: a component sets it as `view`.
 * BLOCK_VIEWS is keyed by every BlockType, so a new type fails to compile here.
 */
import { countdownState } from "../../../decoration/src/countdown";
import type { Block, BlockData, BlockProduct, BlockType } from "../../../decoration/src";
import { formatFen } from "../../../core/src/money";
import { word, type Locale } from "./i18n";
import { categoryUrl, linkTarget, mediaUrl, productUrl, target, PAGES, type Target } from "./links";

export type BlockEnv = { apiBase: string; locale: Locale; now: number };
type Of<T extends BlockType> = Extract<Block, { type: T }>;

export const percentOfBp = (bp: number, locale: string) => new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);

const tile = (p: BlockProduct, env: BlockEnv) => ({
  id: p.id,
  name: p.name,
  image: mediaUrl(env.apiBase, p.image),
  price: formatFen(p.minPriceFen, env.locale),
  soldOut: p.soldOut,
  soldOutLabel: word(env.locale, "soldOut"),
  url: productUrl(p.id),
});

const products = (b: Block, data: BlockData, env: BlockEnv) => (data.products[b.id] ?? []).map((p) => tile(p, env));
const pad = (n: number) => String(n).padStart(2, "0");

export const BLOCK_VIEWS = {
  banner: (b: Of<"banner">, _d: BlockData, env: BlockEnv) => ({
    intervalMs: b.props.intervalSeconds * 1000,
    /** rpx on a 750-wide screen */
    height: Math.round(750 / b.props.aspect),
    slides: b.props.slides.map((s, i) => ({
      image: mediaUrl(env.apiBase, s.image),
      alt: s.alt || word(env.locale, "slideOf", { n: i + 1, total: b.props.slides.length }),
      target: linkTarget(s.link),
    })),
  }),
  productGrid: (b: Of<"productGrid">, d: BlockData, env: BlockEnv) => ({ title: b.props.title, columns: b.props.columns, products: products(b, d, env) }),
  productList: (b: Of<"productList">, d: BlockData, env: BlockEnv) => ({ title: b.props.title, products: products(b, d, env) }),
  categoryNav: (b: Of<"categoryNav">, d: BlockData, env: BlockEnv) => {
    const wanted = b.props.categoryIds;
    const cats = wanted.length ? wanted.flatMap((id) => d.categories.filter((c) => c.id === id)) : d.categories;
    const items = cats.map((c) => ({ id: c.id, name: c.name, image: mediaUrl(env.apiBase, c.image), target: target(categoryUrl(c.id)) }));
    return { style: b.props.style, all: { name: word(env.locale, "all"), target: target(PAGES.search) }, items };
  },
  noticeBar: (b: Of<"noticeBar">) => ({ text: b.props.text, target: linkTarget(b.props.link) }),
  hotspotImage: (b: Of<"hotspotImage">, _d: BlockData, env: BlockEnv) => ({
    image: mediaUrl(env.apiBase, b.props.image),
    alt: b.props.alt,
    spots: b.props.hotspots.flatMap((h, i) => {
      const t = linkTarget(h.link);
      return t ? [{ label: `${word(env.locale, "hotspot")} ${i + 1}`, style: `left:${h.x}%;top:${h.y}%;width:${h.w}%;height:${h.h}%`, target: t }] : [];
    }),
  }),
  /** <rich-text nodes> takes the HTML string; the release's HTML was cleaned on save (sanitize.ts) and images are made absolute. */
  richText: (b: Of<"richText">, _d: BlockData, env: BlockEnv) => ({
    html: b.props.html.replace(/(<img\b[^>]*?\ssrc=")(\/api\/media\/)/gi, `$1${env.apiBase}$2`).replace(/<img\b/gi, '<img style="max-width:100%;height:auto"'),
  }),
  video: (b: Of<"video">, _d: BlockData, env: BlockEnv) => ({
    src: mediaUrl(env.apiBase, b.props.src),
    poster: mediaUrl(env.apiBase, b.props.poster),
    title: b.props.title,
    target: b.props.src ? null : linkTarget(b.props.link),
  }),
  countdown: (b: Of<"countdown">, d: BlockData, env: BlockEnv) => {
    const s = countdownState(b.props.endsAt, env.now);
    const l = env.locale;
    return {
      title: b.props.title,
      endsAt: Date.parse(b.props.endsAt),
      ended: s.ended,
      endedLabel: word(l, "ended"),
      parts: s.ended
        ? []
        : [
            { value: String(s.days), unit: word(l, "days") },
            { value: pad(s.hours), unit: word(l, "hours") },
            { value: pad(s.minutes), unit: word(l, "minutes") },
            { value: pad(s.seconds), unit: word(l, "seconds") },
          ],
      products: products(b, d, env),
    };
  },
  recruitment: (b: Of<"recruitment">, d: BlockData, env: BlockEnv) => {
    const r = b.props.showRates ? d.recruitment : null;
    const rates = r ? [{ label: word(env.locale, "level1Rate"), value: percentOfBp(r.level1Bp, env.locale) }, ...(r.level2Bp !== null ? [{ label: word(env.locale, "level2Rate"), value: percentOfBp(r.level2Bp, env.locale) }] : [])] : [];
    return { headline: b.props.headline, body: b.props.body, buttonLabel: b.props.buttonLabel, rates, target: target(PAGES.distribution) as Target };
  },
  spacer: (b: Of<"spacer">) => ({ height: b.props.height * 2, divider: b.props.divider }),
} satisfies { [T in BlockType]: (b: Of<T>, d: BlockData, env: BlockEnv) => unknown };

/** One block's view (null for a type this template does not know: an older template on a newer release draws nothing for it). */
export function blockView(block: Block | null | undefined, data: BlockData | null | undefined, env: BlockEnv): unknown {
  if (!block || !Object.hasOwn(BLOCK_VIEWS, block.type)) return null;
  const fn = BLOCK_VIEWS[block.type] as (b: Block, d: BlockData, e: BlockEnv) => unknown;
  return fn(block, data ?? { products: {}, categories: [], pages: {}, recruitment: null }, env);
}

/** The component tag of a block type: productGrid → block-product-grid (one directory under components/ each). */
export const blockComponentName = (type: string) => `block-${type.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
