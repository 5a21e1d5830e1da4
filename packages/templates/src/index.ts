import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { sniffImage } from "../../catalog/src/image";
import { DEFAULT_PROGRAMME, type Programme } from "../../commission/src/config";
import { DEFAULT_LEVELS, type LevelConfig } from "../../levels/src";
import { documentRefs, parseDocument, type PageDocument } from "../../decoration/src";
import { contrastFailures, navItemSchema } from "../../theme/src";

/**
 * Industry starter templates (tenants/*.json): catalog, distributor levels,
 * commission defaults and theme. Every file is validated on load; a broken
 * template fails loudly instead of seeding half a shop.
 */
const key = z.string().regex(/^[a-z0-9-]+$/);
const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/);
const localized = z.object({ "zh-CN": z.string().min(1), en: z.string().min(1) });
const fen = z.number().int().positive();

export const themeSchema = z
  .object({
    primary: hex,
    primaryForeground: hex,
    accent: hex,
    background: hex,
    foreground: hex,
    radius: z.number().int().min(0).max(24),
    font: z.enum(["sans", "serif", "rounded"]),
    navigation: z.array(navItemSchema).max(6).optional(),
    tabBar: z.array(navItemSchema).min(2).max(5).optional(),
  })
  .superRefine((t, ctx) => {
    for (const f of contrastFailures(t)) ctx.addIssue({ code: "custom", path: [f.text], message: `${f.text} on ${f.surface}: contrast ${f.ratio.toFixed(2)} < 4.5` });
  });

/**
 * A template's decorated pages: page documents whose references name the
 * template's own things, resolved when a shop is made from it:
 * "@product:<key>", "@category:<key>", "@image:images/<template>/<file>".
 */
const REF = /^@(product|category|image):(.+)$/;
type Refs = { product: (key: string) => string | undefined; category: (key: string) => string | undefined; image: (path: string) => string | undefined };

function resolveRefs(value: unknown, refs: Refs, missing: string[]): unknown {
  if (typeof value === "string") {
    const m = REF.exec(value);
    if (!m) return value;
    const hit = refs[m[1] as keyof Refs](m[2]!);
    if (!hit) missing.push(value);
    return hit ?? value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, refs, missing));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, refs, missing)]));
  return value;
}

/** Every "@image:" path the template's pages name. */
export function templatePageImages(t: Pick<Template, "pages">): string[] {
  const out = new Set<string>();
  JSON.stringify(t.pages, (_k, v: unknown) => {
    if (typeof v === "string" && v.startsWith("@image:")) out.add(v.slice(7));
    return v;
  });
  return [...out];
}

/** The template's pages as this shop's documents (validated: a template that does not parse fails loudly). */
export function templatePages(t: Pick<Template, "pages" | "key">, refs: Refs): PageDocument[] {
  return t.pages.map((raw, i) => {
    const missing: string[] = [];
    const resolved = resolveRefs(raw, refs, missing);
    if (missing.length) throw new Error(`Template ${t.key}: page ${i} names unknown ${missing.join(", ")}`);
    const r = parseDocument(resolved);
    if (!r.ok) throw new Error(`Template ${t.key}: page ${i}: ${r.issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`);
    return r.doc;
  });
}

/** Stand-ins of the right shape, to validate a template's pages before any shop exists. */
const fakeId = (s: string) => {
  let h = 0;
  for (const c of s) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const x = h.toString(16).padStart(8, "0");
  return `${x}-0000-4000-8000-${x}0000`;
};

const productSchema = z
  .object({
    key,
    category: key,
    name: z.string().min(1),
    subtitle: z.string(),
    description: z.string(),
    /** Pictures shipped with the template, relative to the templates folder (tenants/images/<template>/…). */
    images: z.array(z.string().regex(/^images\/[a-z0-9-]+\/[a-z0-9-]+\.(png|jpe?g|webp)$/)).min(1).max(10),
    specs: z.array(z.object({ name: z.string().min(1), values: z.array(z.string().min(1)).min(1) })).max(2),
    skus: z
      .array(
        z.object({
          code: z.string().regex(/^[A-Z0-9-]+$/),
          spec: z.array(z.string()),
          priceFen: fen,
          costFen: z.number().int().nonnegative(),
          stock: z.number().int().min(0),
        }),
      )
      .min(1),
  })
  .superRefine((p, ctx) => {
    const combos = p.specs.reduce((n, s) => n * s.values.length, 1);
    if (p.skus.length !== combos) ctx.addIssue({ code: "custom", message: `${p.key}: ${p.skus.length} SKUs for ${combos} spec combinations` });
    const seen = new Set<string>();
    for (const s of p.skus) {
      if (s.spec.length !== p.specs.length || s.spec.some((v, i) => !p.specs[i]!.values.includes(v)))
        ctx.addIssue({ code: "custom", message: `${p.key}/${s.code}: spec does not match the product's dimensions` });
      const k = JSON.stringify(s.spec);
      if (seen.has(k)) ctx.addIssue({ code: "custom", message: `${p.key}/${s.code}: duplicate spec combination` });
      seen.add(k);
      if (s.costFen >= s.priceFen) ctx.addIssue({ code: "custom", message: `${p.key}/${s.code}: cost must be below price` });
    }
  });

export const templateSchema = z
  .object({
    key,
    name: localized,
    description: localized,
    theme: themeSchema,
    categories: z.array(z.object({ key, name: z.string().min(1) })).min(1),
    products: z.array(productSchema).min(1),
    levels: z.array(z.object({ key, name: localized })).length(5),
    /** home, category and landing pages (see templatePages); none: the default pages */
    pages: z.array(z.unknown()).max(10).default([]),
    commission: z.object({
      // Hard rule (PRODUCT.md §4.3): never more than three commission levels.
      levels: z.number().int().min(1).max(3),
      ratesBps: z.array(z.number().int().min(0).max(10000)).min(1).max(3),
    }),
  })
  .superRefine((t, ctx) => {
    const cats = new Set(t.categories.map((c) => c.key));
    if (cats.size !== t.categories.length) ctx.addIssue({ code: "custom", message: "duplicate category key" });
    const productKeys = new Set<string>();
    const codes = new Set<string>();
    for (const p of t.products) {
      if (!cats.has(p.category)) ctx.addIssue({ code: "custom", message: `${p.key}: unknown category ${p.category}` });
      if (productKeys.has(p.key)) ctx.addIssue({ code: "custom", message: `duplicate product key ${p.key}` });
      productKeys.add(p.key);
      for (const s of p.skus) {
        if (codes.has(s.code)) ctx.addIssue({ code: "custom", message: `duplicate SKU code ${s.code}` });
        codes.add(s.code);
      }
    }
    for (const img of templatePageImages(t)) if (!/^images\/[a-z0-9-]+\/[a-z0-9-]+\.(png|jpe?g|webp)$/.test(img)) ctx.addIssue({ code: "custom", message: `page image ${img}: not a template picture path` });
    try {
      const pages = templatePages(t, {
        product: (k) => (productKeys.has(k) ? fakeId(`p:${k}`) : undefined),
        category: (k) => (cats.has(k) ? fakeId(`c:${k}`) : undefined),
        image: (p) => `/api/media/${fakeId("tenant")}/${fakeId(`i:${p}`)}`,
      });
      const kinds = pages.map((p) => p.kind);
      if (pages.length && (!kinds.includes("home") || kinds.filter((k) => k === "home").length > 1)) ctx.addIssue({ code: "custom", path: ["pages"], message: "pages need exactly one home page" });
      const slugs = new Set(pages.filter((p) => p.kind === "landing").map((p) => p.slug));
      const linked = [...pages.flatMap((p) => documentRefs(p).pageSlugs), ...(t.theme.tabBar ?? []).flatMap((i) => (i.pageSlug ? [i.pageSlug] : []))];
      for (const s of linked) if (!slugs.has(s)) ctx.addIssue({ code: "custom", path: ["pages"], message: `a link names the landing page ${s}, which the template does not have` });
    } catch (e) {
      ctx.addIssue({ code: "custom", path: ["pages"], message: (e as Error).message });
    }
    if (t.commission.ratesBps.length !== t.commission.levels)
      ctx.addIssue({ code: "custom", message: "commission.ratesBps must have one rate per level" });
  });

export type Template = z.infer<typeof templateSchema>;
export type TemplateTheme = z.infer<typeof themeSchema>;

export const TEMPLATES_DIR = path.resolve(/*turbopackIgnore: true*/ process.env.TEMPLATES_DIR ?? path.join(process.cwd(), "tenants"));

export function parseTemplate(raw: unknown, source = "template"): Template {
  const r = templateSchema.safeParse(raw);
  if (!r.success) {
    throw new Error(`Invalid tenant template ${source}:\n${r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n")}`);
  }
  return r.data;
}

let cache: Map<string, Template> | null = null;

export function loadTemplates(dir = TEMPLATES_DIR): Map<string, Template> {
  if (cache && dir === TEMPLATES_DIR) return cache;
  const out = new Map<string, Template>();
  for (const file of fs.readdirSync(/*turbopackIgnore: true*/ dir).filter((f) => f.endsWith(".json")).sort()) {
    const t = parseTemplate(JSON.parse(fs.readFileSync(path.join(/*turbopackIgnore: true*/ dir, file), "utf8")), file);
    if (t.key !== path.basename(file, ".json")) throw new Error(`Template ${file} has key ${t.key}; they must match`);
    for (const p of t.products)
      for (const img of p.images) {
        const abs = path.join(/*turbopackIgnore: true*/ dir, img);
        if (!fs.existsSync(/*turbopackIgnore: true*/ abs) || !sniffImage(readHead(abs)))
          throw new Error(`Template ${file}: product ${p.key} image ${img} is missing or not a PNG, JPEG or WebP`);
      }
    for (const img of templatePageImages(t)) {
      const abs = path.join(/*turbopackIgnore: true*/ dir, img);
      if (!fs.existsSync(/*turbopackIgnore: true*/ abs) || !sniffImage(readHead(abs))) throw new Error(`Template ${file}: page image ${img} is missing or not a PNG, JPEG or WebP`);
    }
    out.set(t.key, t);
  }
  if (dir === TEMPLATES_DIR) cache = out;
  return out;
}

function readHead(file: string): Uint8Array {
  const fd = fs.openSync(/*turbopackIgnore: true*/ file, "r");
  try {
    const b = new Uint8Array(16);
    fs.readSync(fd, b, 0, 16, 0);
    return b;
  } finally {
    fs.closeSync(fd);
  }
}

/** The bytes of a template picture (a path from a product's `images`). */
export function templateImageBytes(relPath: string, dir = TEMPLATES_DIR): Uint8Array {
  const abs = path.resolve(/*turbopackIgnore: true*/ dir, relPath);
  if (!abs.startsWith(dir + path.sep)) throw new Error(`Template image outside the templates folder: ${relPath}`);
  return new Uint8Array(fs.readFileSync(/*turbopackIgnore: true*/ abs));
}

export function getTemplate(key: string): Template | undefined {
  return loadTemplates().get(key);
}

/**
 * A template's distribution programme: its commission rates per commission
 * level, a little higher for each distributor level on the direct level
 * (+1% a level), and the default levels with the template's names.
 */
export function templateDistribution(t: Template): { programme: Programme; levels: LevelConfig[] } {
  const rates = [0, 1, 2].map((l) => {
    const base = t.commission.ratesBps[l] ?? 0;
    return [0, 1, 2, 3, 4].map((d) => (base > 0 && l === 0 ? base + d * 100 : base));
  });
  return {
    programme: { ...DEFAULT_PROGRAMME, levels: t.commission.levels, rates },
    levels: DEFAULT_LEVELS.map((l, i) => ({ ...l, name: t.levels[i]!.name })),
  };
}
