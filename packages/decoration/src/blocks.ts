/**
 * The block types a page is built from, one zod schema each. Props are flat
 * (one level of objects at most) so the editor's forms map onto them field by
 * field. Every renderer (H5 and the mini-program template) must cover every
 * type in BLOCK_TYPES: the contract tests find them here.
 */
import { z } from "zod";
import { inspectRichText } from "./sanitize";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = z.string().regex(UUID, { error: "decoration.reference" });
export const PAGE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

/** A picture of the shop's own (an /api/media URL; which shop is checked on save). */
export const imageUrl = z
  .string({ error: "decoration.imageRequired" })
  .min(1, { error: "decoration.imageRequired" })
  .regex(/^\/api\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/i, { error: "decoration.imageForeign" });

const text = (max: number) => z.string().trim().max(max, { error: "decoration.textTooLong" });
const requiredText = (max: number) => text(max).min(1, { error: "decoration.textRequired" });

/** Where a tap leads: always somewhere inside the same shop (checked on save). */
export const LINK_KINDS = ["none", "home", "product", "category", "page", "distribution", "search"] as const;
export const linkSchema = z
  .object({
    kind: z.enum(LINK_KINDS, { error: "decoration.link" }),
    /** product or category id */
    id: uuid.optional(),
    /** landing page slug */
    slug: z.string().regex(PAGE_SLUG, { error: "page.slugFormat" }).optional(),
  })
  .refine((l) => (l.kind === "product" || l.kind === "category" ? Boolean(l.id) : true), { error: "decoration.linkTarget", path: ["id"] })
  .refine((l) => (l.kind === "page" ? Boolean(l.slug) : true), { error: "decoration.linkTarget", path: ["slug"] });
export type BlockLink = z.infer<typeof linkSchema>;
const NO_LINK: BlockLink = { kind: "none" };
const link = linkSchema.default(NO_LINK);

export const PRODUCT_SOURCES = ["manual", "category", "newest", "bestSelling"] as const;
const productSourceFields = {
  title: text(30).default(""),
  source: z.enum(PRODUCT_SOURCES, { error: "decoration.source" }).default("newest"),
  productIds: z.array(uuid).max(50, { error: "decoration.tooManyProducts" }).default([]),
  categoryId: uuid.nullable().default(null),
  count: z.number().int({ error: "decoration.count" }).min(1, { error: "decoration.count" }).max(50, { error: "decoration.count" }).default(6),
};
type SourceProps = { source: (typeof PRODUCT_SOURCES)[number]; productIds: string[]; categoryId: string | null };
const sourceRule = (p: SourceProps, ctx: z.RefinementCtx) => {
  if (p.source === "manual" && p.productIds.length === 0) ctx.addIssue({ code: "custom", path: ["productIds"], message: "decoration.productsRequired" });
  if (p.source === "category" && !p.categoryId) ctx.addIssue({ code: "custom", path: ["categoryId"], message: "decoration.categoryRequired" });
};

const slide = z.object({ image: imageUrl, alt: text(60).default(""), link });
const hotspot = z.object({
  x: z.number().min(0).max(100),
  y: z.number().min(0).max(100),
  w: z.number().min(1).max(100),
  h: z.number().min(1).max(100),
  link: linkSchema,
}).refine((s) => s.x + s.w <= 100.0001 && s.y + s.h <= 100.0001, { error: "decoration.hotspotOutside" });

const richHtml = z
  .string()
  .max(50_000, { error: "decoration.textTooLong" })
  .superRefine((html, ctx) => {
    const { problems } = inspectRichText(html);
    for (const p of problems) ctx.addIssue({ code: "custom", message: `decoration.richText.${p}` });
  })
  .transform((html) => inspectRichText(html).html);

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), { error: "decoration.endsAt" });

export const blockSchemas = {
  banner: z.object({
    slides: z.array(slide).min(1, { error: "decoration.slidesRequired" }).max(8, { error: "decoration.tooManySlides" }),
    intervalSeconds: z.number().int().min(2).max(10).default(4),
    /** width : height, e.g. 2 for 750×375 */
    aspect: z.number().min(1).max(4).default(2),
  }),
  productGrid: z.object({ ...productSourceFields, columns: z.union([z.literal(2), z.literal(3)]).default(2) }).superRefine(sourceRule),
  productList: z.object(productSourceFields).superRefine(sourceRule),
  categoryNav: z.object({
    /** empty: every category of the shop */
    categoryIds: z.array(uuid).max(20, { error: "decoration.tooManyCategories" }).default([]),
    style: z.enum(["chips", "icons"]).default("chips"),
  }),
  noticeBar: z.object({ text: requiredText(120), link }),
  hotspotImage: z.object({ image: imageUrl, alt: text(60).default(""), hotspots: z.array(hotspot).max(12, { error: "decoration.tooManyHotspots" }).default([]) }),
  richText: z.object({ html: richHtml }),
  video: z.object({
    /** an uploaded video of the shop (/api/media) played inline, or only a poster that links on */
    src: imageUrl.nullable().default(null),
    poster: imageUrl,
    link,
    title: text(40).default(""),
  }),
  countdown: z.object({
    title: requiredText(30),
    endsAt: isoTime,
    productIds: z.array(uuid).max(20, { error: "decoration.tooManyProducts" }).default([]),
  }),
  recruitment: z.object({
    headline: requiredText(40),
    body: text(120).default(""),
    buttonLabel: requiredText(12),
    /** show the programme's headline rates (level 1 and 2 commission) */
    showRates: z.boolean().default(true),
  }),
  spacer: z.object({ height: z.number().int().min(4).max(120).default(16), divider: z.boolean().default(false) }),
} as const;

export type BlockType = keyof typeof blockSchemas;
export const BLOCK_TYPES = Object.keys(blockSchemas) as BlockType[];
export type BlockProps<T extends BlockType> = z.output<(typeof blockSchemas)[T]>;
export type Block = { [T in BlockType]: { id: string; type: T; props: BlockProps<T> } }[BlockType];

export const isBlockType = (t: unknown): t is BlockType => typeof t === "string" && Object.hasOwn(blockSchemas, t);

/** Props a new block starts with in the editor (valid except where the merchant must choose, e.g. a picture). */
export const BLOCK_DEFAULTS: { [T in BlockType]: z.input<(typeof blockSchemas)[T]> } = {
  banner: { slides: [] },
  productGrid: { title: "", source: "newest", count: 6, columns: 2 },
  productList: { title: "", source: "bestSelling", count: 4 },
  categoryNav: { categoryIds: [], style: "chips" },
  noticeBar: { text: "" },
  hotspotImage: { image: "", hotspots: [] },
  richText: { html: "<p></p>" },
  video: { src: null, poster: "" },
  countdown: { title: "", endsAt: "", productIds: [] },
  recruitment: { headline: "", buttonLabel: "", showRates: true },
  spacer: { height: 16, divider: false },
};

// In its own module so the storefront's ticking clock (a client component) imports it without zod.
export { countdownState } from "./countdown";
