/**
 * A decorated page as stored: a versioned document of ordered blocks. The
 * same document is what the editor saves, a release snapshots and both
 * renderers draw, so it is parsed here, once, with one schema per block.
 */
import { z } from "zod";
import { blockSchemas, BLOCK_TYPES, isBlockType, PAGE_SLUG, type Block, type BlockLink } from "./blocks";
import { richTextImages } from "./sanitize";

export const DOCUMENT_VERSION = 2;
/** Shopify caps a template at 25 sections × 50 blocks; one page of ours holds at most this many blocks. */
export const MAX_BLOCKS = 50;
export const MAX_DOCUMENT_BYTES = 256 * 1024;
export const MAX_LANDING_PAGES = 50;

export const PAGE_KINDS = ["home", "category", "landing"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** Landing slugs that would shadow a storefront route. */
export const RESERVED_PAGE_SLUGS = new Set(["home", "category", "search", "cart", "checkout", "me", "orders", "pay", "sign-in", "sign-up", "p", "d", "c", "pages", "api", "preview", "distribution"]);

export const pageSlugSchema = z
  .string({ error: "page.slugFormat" })
  .trim()
  .toLowerCase()
  .regex(PAGE_SLUG, { error: "page.slugFormat" })
  .refine((s) => !RESERVED_PAGE_SLUGS.has(s), { error: "page.slugReserved" });

export type PageDocument = {
  version: typeof DOCUMENT_VERSION;
  kind: PageKind;
  /** landing pages only */
  slug?: string;
  title: string;
  blocks: Block[];
};

const blockId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "decoration.blockId" });

const rawBlock = z.object({ id: blockId, type: z.string(), props: z.record(z.string(), z.unknown()).default({}) });

const documentShape = z.object({
  version: z.literal(DOCUMENT_VERSION),
  kind: z.enum(PAGE_KINDS, { error: "page.kind" }),
  slug: pageSlugSchema.optional(),
  title: z.string().trim().max(40, { error: "decoration.textTooLong" }).default(""),
  blocks: z.array(rawBlock).max(MAX_BLOCKS, { error: "decoration.tooManyBlocks" }),
});

/** One step up per version: documents saved by older code are read through these. */
export const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {
  // v1 (the first editor) called blocks "sections" and a product grid's picks "products".
  1: (doc) => ({
    ...doc,
    version: 2,
    blocks: ((doc.sections as unknown[]) ?? []).map((s) => {
      const b = s as { id: string; type: string; props?: Record<string, unknown> };
      if ((b.type === "productGrid" || b.type === "productList") && Array.isArray(b.props?.products)) {
        const { products, ...rest } = b.props;
        return { ...b, props: { ...rest, source: "manual", productIds: products } };
      }
      return b;
    }),
    sections: undefined,
  }),
};

export function migrateDocument(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  let doc = raw as Record<string, unknown>;
  let v = typeof doc.version === "number" ? doc.version : 1;
  while (v < DOCUMENT_VERSION && MIGRATIONS[v]) {
    doc = MIGRATIONS[v]!(doc);
    v = doc.version as number;
  }
  if ("sections" in doc && doc.sections === undefined) {
    const { sections: _drop, ...rest } = doc;
    doc = rest;
  }
  return doc;
}

/** UTF-8 size of a JSON value without TextEncoder (the mini-program's runtime lacks it). */
export function jsonBytes(value: unknown): number {
  const s = JSON.stringify(value) ?? "";
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export type DocumentIssue = { path: (string | number)[]; message: string; params?: Record<string, string | number> };
export type ParseResult = { ok: true; doc: PageDocument } | { ok: false; issues: DocumentIssue[] };

/**
 * Reads a page document (any older version is migrated first): every block
 * of a known type, its props valid for that type (defaults filled, rich text
 * cleaned), ids unique, within the limits. Issues carry a path such as
 * ["blocks", 3, "props", "slides", 0, "image"] and an errors.* key.
 */
export function parseDocument(raw: unknown): ParseResult {
  if (jsonBytes(raw) > MAX_DOCUMENT_BYTES) return { ok: false, issues: [{ path: [], message: "decoration.documentTooLarge", params: { kb: MAX_DOCUMENT_BYTES / 1024 } }] };
  const shape = documentShape.safeParse(migrateDocument(raw));
  if (!shape.success) return { ok: false, issues: shape.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message, params: i.code === "too_big" ? { max: MAX_BLOCKS } : undefined })) };
  const d = shape.data;
  const issues: DocumentIssue[] = [];
  if (d.kind === "landing" && !d.slug) issues.push({ path: ["slug"], message: "page.slugRequired" });
  if (d.kind !== "landing" && d.slug) issues.push({ path: ["slug"], message: "page.slugOnlyLanding" });
  const seen = new Set<string>();
  const blocks: Block[] = [];
  d.blocks.forEach((b, i) => {
    if (seen.has(b.id)) issues.push({ path: ["blocks", i, "id"], message: "decoration.blockIdTaken" });
    seen.add(b.id);
    if (!isBlockType(b.type)) {
      issues.push({ path: ["blocks", i, "type"], message: "decoration.unknownBlock", params: { type: String(b.type).slice(0, 40) } });
      return;
    }
    const props = blockSchemas[b.type].safeParse(b.props);
    if (!props.success) {
      for (const p of props.error.issues) issues.push({ path: ["blocks", i, "props", ...(p.path as (string | number)[])], message: p.message });
      return;
    }
    blocks.push({ id: b.id, type: b.type, props: props.data } as Block);
  });
  if (issues.length) return { ok: false, issues };
  const doc: PageDocument = { version: DOCUMENT_VERSION, kind: d.kind, title: d.title, blocks };
  if (d.slug) doc.slug = d.slug;
  return { ok: true, doc };
}

export const emptyDocument = (kind: PageKind, slug?: string, title = ""): PageDocument => ({ version: DOCUMENT_VERSION, kind, ...(slug ? { slug } : {}), title, blocks: [] });

// ---- references (checked against the tenant on save)

export type DocumentRefs = { productIds: string[]; categoryIds: string[]; pageSlugs: string[]; images: string[] };

function addLink(refs: DocumentRefs, l: BlockLink | undefined) {
  if (!l) return;
  if (l.kind === "product" && l.id) refs.productIds.push(l.id);
  if (l.kind === "category" && l.id) refs.categoryIds.push(l.id);
  if (l.kind === "page" && l.slug) refs.pageSlugs.push(l.slug);
}

/** Every product, category, page and picture a document points at (each once). */
export function documentRefs(doc: PageDocument): DocumentRefs {
  const refs: DocumentRefs = { productIds: [], categoryIds: [], pageSlugs: [], images: [] };
  for (const b of doc.blocks) {
    switch (b.type) {
      case "banner":
        for (const s of b.props.slides) {
          refs.images.push(s.image);
          addLink(refs, s.link);
        }
        break;
      case "productGrid":
      case "productList":
        refs.productIds.push(...b.props.productIds);
        if (b.props.categoryId) refs.categoryIds.push(b.props.categoryId);
        break;
      case "categoryNav":
        refs.categoryIds.push(...b.props.categoryIds);
        break;
      case "noticeBar":
        addLink(refs, b.props.link);
        break;
      case "hotspotImage":
        refs.images.push(b.props.image);
        for (const h of b.props.hotspots) addLink(refs, h.link);
        break;
      case "richText":
        refs.images.push(...richTextImages(b.props.html));
        break;
      case "video":
        refs.images.push(b.props.poster, ...(b.props.src ? [b.props.src] : []));
        addLink(refs, b.props.link);
        break;
      case "countdown":
        refs.productIds.push(...b.props.productIds);
        break;
      case "recruitment":
      case "spacer":
        break;
      default: {
        const never: never = b;
        throw new Error(`unhandled block ${(never as Block).type}`);
      }
    }
  }
  const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.toLowerCase()))];
  return { productIds: uniq(refs.productIds), categoryIds: uniq(refs.categoryIds), pageSlugs: uniq(refs.pageSlugs), images: uniq(refs.images) };
}

/** Text a person reads on the page (for the distributor keyword check). */
export function documentTexts(doc: PageDocument): string[] {
  const out: string[] = doc.title ? [doc.title] : [];
  for (const b of doc.blocks) {
    const p = b.props as Record<string, unknown>;
    for (const k of ["title", "text", "headline", "body", "buttonLabel", "alt"]) if (typeof p[k] === "string" && p[k]) out.push(p[k] as string);
    if (b.type === "banner") for (const s of b.props.slides) if (s.alt) out.push(s.alt);
    if (b.type === "richText") out.push(b.props.html.replace(/<[^>]*>/g, " "));
  }
  return out;
}

// ---- history

/** JSON with object keys sorted: equal values compare equal whatever their key order (jsonb reorders keys). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export type PageChange = { added: number; removed: number; edited: number; moved: boolean };

/** What changed on a page between two documents, by block id. */
export function diffDocuments(before: PageDocument | undefined, after: PageDocument | undefined): PageChange {
  const a = new Map((before?.blocks ?? []).map((b) => [b.id, b]));
  const b = new Map((after?.blocks ?? []).map((x) => [x.id, x]));
  let added = 0;
  let removed = 0;
  let edited = 0;
  for (const [id, blk] of b) {
    const old = a.get(id);
    if (!old) added++;
    else if (old.type !== blk.type || stableJson(old.props) !== stableJson(blk.props)) edited++;
  }
  for (const id of a.keys()) if (!b.has(id)) removed++;
  const common = (xs: Map<string, unknown>, ys: Map<string, unknown>) => [...xs.keys()].filter((id) => ys.has(id));
  const moved = common(a, b).join("|") !== common(b, a).join("|");
  return { added, removed, edited, moved };
}

export const pageKey = (doc: Pick<PageDocument, "kind" | "slug">) => (doc.kind === "landing" ? `landing:${doc.slug}` : doc.kind);

export { BLOCK_TYPES };
