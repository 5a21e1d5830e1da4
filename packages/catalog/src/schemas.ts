import { z } from "zod";
import { parseYuan, parsePercentBp } from "../../core/src/yuan";
import { parseMediaUrl, MAX_IMAGES } from "./image";
import { cartesian, matrixSize, MAX_DIMENSIONS, MAX_SKUS, MAX_VALUES, specKey } from "./specs";

/**
 * Product management input, shared by the API and the console forms.
 * Messages are keys under "errors" (messages/*.json). Money comes in as the
 * yuan text the merchant typed and leaves as integer fen; it is never a float.
 */
export const PRODUCT_STATUSES = ["draft", "on_sale", "off"] as const;
export const statusSchema = z.enum(PRODUCT_STATUSES, { error: "product.statusInvalid" });

/** parseYuan's keys → the product form's keys. */
export const MONEY_KEYS = { "money.required": "product.priceRequired", "money.format": "product.moneyFormat", "money.tooPrecise": "product.moneyTooPrecise", "money.tooLarge": "product.moneyTooLarge" } as const;

/** A selling price: required, > 0. "-5" and "0" are "must be greater than 0", not a format error. */
export const priceSchema = z.string({ error: "product.priceRequired" }).transform((s, ctx) => {
  const r = parseYuan(s, { signed: true });
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: MONEY_KEYS[r.key] });
    return z.NEVER;
  }
  if (r.fen <= 0) {
    ctx.addIssue({ code: "custom", message: "product.priceNotPositive" });
    return z.NEVER;
  }
  return r.fen;
});

/** A cost price: optional (empty = 0), ≥ 0. */
export const costSchema = z.string({ error: "product.moneyFormat" }).transform((s, ctx) => {
  if (s.trim() === "") return 0;
  const r = parseYuan(s, { signed: true });
  if (!r.ok) {
    ctx.addIssue({ code: "custom", message: MONEY_KEYS[r.key] });
    return z.NEVER;
  }
  if (r.fen < 0) {
    ctx.addIssue({ code: "custom", message: "product.costNegative" });
    return z.NEVER;
  }
  return r.fen;
});

export const MAX_STOCK = 999_999_999;

/** Stock: a whole number ≥ 0 (text from a form or a number). Empty = 0. */
export const stockSchema = z.union([z.string(), z.number()], { error: "product.stockInvalid" }).transform((v, ctx) => {
  const s = typeof v === "number" ? String(v) : v.trim();
  if (s === "") return 0;
  if (!/^\d+$/.test(s) || Number(s) > MAX_STOCK) {
    ctx.addIssue({ code: "custom", message: "product.stockInvalid" });
    return z.NEVER;
  }
  return Number(s);
});

export const skuCodeSchema = z
  .string({ error: "product.codeRequired" })
  .trim()
  .min(1, { error: "product.codeRequired" })
  .max(64, { error: "product.codeFormat" })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: "product.codeFormat" });

const specValueSchema = z
  .string()
  .trim()
  .min(1, { error: "product.specValueRequired" })
  .max(30, { error: "product.specValueTooLong" });

export const dimensionSchema = z.object({
  name: z.string().trim().min(1, { error: "product.specNameRequired" }).max(20, { error: "product.specNameTooLong" }),
  values: z.array(specValueSchema).min(1, { error: "product.specValuesRequired" }).max(MAX_VALUES, { error: "product.specTooManyValues" }),
});

export const specsSchema = z
  .array(dimensionSchema)
  .max(MAX_DIMENSIONS, { error: "product.specTooManyDims" })
  .superRefine((dims, ctx) => {
    const names = new Set<string>();
    dims.forEach((d, i) => {
      if (names.has(d.name)) ctx.addIssue({ code: "custom", message: "product.specNameDuplicate", path: [i, "name"] });
      names.add(d.name);
      const seen = new Set<string>();
      d.values.forEach((v, j) => {
        if (seen.has(v)) ctx.addIssue({ code: "custom", message: "product.specValueDuplicate", path: [i, "values", j] });
        seen.add(v);
      });
    });
    if (matrixSize(dims) > MAX_SKUS) ctx.addIssue({ code: "custom", message: "product.tooManySkus" });
  });

export const skuInputSchema = z.object({
  spec: z.array(z.string().trim()).max(MAX_DIMENSIONS),
  price: priceSchema,
  cost: costSchema,
  stock: stockSchema,
  /** The stock the editor loaded: the save changes stock by (stock − loadedStock), keeping units sold meanwhile. Absent: set. */
  loadedStock: z.number({ error: "product.stockInvalid" }).int({ error: "product.stockInvalid" }).min(0, { error: "product.stockInvalid" }).max(MAX_STOCK, { error: "product.stockInvalid" }).nullish(),
  code: skuCodeSchema,
});

const imageUrlSchema = z.string().refine((u) => parseMediaUrl(u) !== null, { error: "product.imageInvalid" });

const productFields = z.object({
  name: z.string({ error: "product.nameRequired" }).trim().min(1, { error: "product.nameRequired" }).max(60, { error: "product.nameTooLong" }),
  subtitle: z.string().trim().max(100, { error: "product.subtitleTooLong" }).default(""),
  description: z.string().trim().max(5000, { error: "product.descriptionTooLong" }).default(""),
  categoryId: z.preprocess((v) => (v === "" ? null : v), z.uuid({ error: "product.categoryNotFound" }).nullable()).default(null),
  images: z.array(imageUrlSchema).max(MAX_IMAGES, { error: "product.tooManyImages" }).default([]),
  specs: specsSchema,
  skus: z.array(skuInputSchema).max(MAX_SKUS, { error: "product.tooManySkus" }),
});

type ProductFields = z.output<typeof productFields>;

/**
 * The SKUs must be exactly the matrix of the specs (one per combination), or
 * a single SKU without spec values when there are no dimensions; codes are
 * unique within the product.
 */
function checkSkus(p: Pick<ProductFields, "specs" | "skus">, ctx: z.RefinementCtx) {
  const valid = new Set(cartesian(p.specs).map(specKey));
  const seen = new Set<string>();
  const codes = new Map<string, number>();
  p.skus.forEach((s, i) => {
    const key = specKey(s.spec);
    if (!valid.has(key)) ctx.addIssue({ code: "custom", message: "product.skuSpecInvalid", path: ["skus", i, "spec"] });
    else if (seen.has(key)) ctx.addIssue({ code: "custom", message: "product.skuDuplicate", path: ["skus", i, "spec"] });
    seen.add(key);
    const code = s.code.toUpperCase();
    if (codes.has(code)) ctx.addIssue({ code: "custom", message: "product.codeDuplicate", path: ["skus", i, "code"] });
    codes.set(code, i);
  });
  if (p.specs.length > 0 && matrixSize(p.specs) <= MAX_SKUS && seen.size !== valid.size) {
    ctx.addIssue({ code: "custom", message: "product.skuMatrixIncomplete", path: ["skus"] });
  }
}

export const productInput = productFields.superRefine(checkSkus);
export const productUpdateInput = productFields.extend({ id: z.uuid({ error: "notFound" }) }).superRefine(checkSkus);
export type ProductInput = z.output<typeof productInput>;
export type ProductFormValues = z.input<typeof productInput>;

export const productIdsSchema = z.array(z.uuid({ error: "notFound" })).min(1, { error: "product.noneSelected" }).max(500, { error: "product.tooManySelected" });

export const setStatusInput = z.object({ ids: productIdsSchema, status: statusSchema });

export const listProductsInput = z.object({
  q: z.string().trim().max(60).optional(),
  status: statusSchema.optional(),
  categoryId: z.uuid().optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

/** Bulk price: set to an amount, add/subtract an amount, or change by a percentage. */
export const bulkEditInput = z
  .object({
    ids: productIdsSchema,
    price: z
      .object({ mode: z.enum(["set", "add", "percent"], { error: "invalid" }), value: z.string({ error: "product.bulkValueRequired" }) })
      .nullable()
      .default(null),
    stock: z.object({ mode: z.enum(["set", "add"], { error: "invalid" }), value: z.string({ error: "product.bulkValueRequired" }) }).nullable().default(null),
  })
  .superRefine((v, ctx) => {
    if (!v.price && !v.stock) ctx.addIssue({ code: "custom", message: "product.bulkNothing", path: ["price"] });
    if (v.price) {
      const { mode, value } = v.price;
      if (mode === "percent") {
        const bp = parsePercentBp(value);
        if (bp === null) ctx.addIssue({ code: "custom", message: "product.percentFormat", path: ["price", "value"] });
        else if (bp <= -10_000) ctx.addIssue({ code: "custom", message: "product.bulkPriceNotPositive", path: ["price", "value"] });
      } else {
        const r = parseYuan(value, { signed: mode === "add" });
        if (!r.ok) ctx.addIssue({ code: "custom", message: MONEY_KEYS[r.key], path: ["price", "value"] });
        else if (mode === "set" && r.fen <= 0) ctx.addIssue({ code: "custom", message: "product.priceNotPositive", path: ["price", "value"] });
      }
    }
    if (v.stock) {
      const ok = v.stock.mode === "set" ? /^\d+$/.test(v.stock.value.trim()) : /^[+-]?\d+$/.test(v.stock.value.trim());
      if (!ok || Math.abs(Number(v.stock.value)) > MAX_STOCK) ctx.addIssue({ code: "custom", message: "product.stockInvalid", path: ["stock", "value"] });
    }
  });
export type BulkEditInput = z.output<typeof bulkEditInput>;

export const categoryNameSchema = z.string({ error: "product.categoryNameRequired" }).trim().min(1, { error: "product.categoryNameRequired" }).max(20, { error: "product.categoryNameTooLong" });
export const createCategoryInput = z.object({ name: categoryNameSchema });
export const renameCategoryInput = z.object({ id: z.uuid({ error: "notFound" }), name: categoryNameSchema });
export const deleteCategoryInput = z.object({ id: z.uuid({ error: "notFound" }) });
export const reorderCategoriesInput = z.object({ ids: z.array(z.uuid({ error: "notFound" })).max(500) });

export const MAX_CSV_CHARS = 2_000_000;
export const importCsvInput = z.object({ csv: z.string().max(MAX_CSV_CHARS, { error: "import.tooLarge" }) });
