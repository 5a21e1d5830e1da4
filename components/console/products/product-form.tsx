"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowLeft, ArrowRight, ImagePlus, Plus, X } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Badge, Section } from "@/components/ui/card";
import { Field, FormError, Input, Label, Select } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import { MAX_IMAGE_BYTES, MAX_IMAGES, IMAGE_TYPES } from "@/packages/catalog/src/image";
import { productInput } from "@/packages/catalog/src/schemas";
import { MAX_DIMENSIONS, mergeSkus, specKey, type SkuDraft, type SpecDimension } from "@/packages/catalog/src/specs";
import { formatFen } from "@/packages/core/src/money";
import { parseYuan } from "@/packages/core/src/yuan";
import { under, useSchemaErrors } from "./errors";
import { StatusBadge } from "./status-badge";

export type ProductFormInitial = {
  id: string | null;
  status: "draft" | "on_sale" | "off";
  name: string;
  subtitle: string;
  description: string;
  categoryId: string;
  images: string[];
  specs: SpecDimension[];
  skus: SkuDraft[];
};

/** Dimensions that take part in the matrix (at least one value). */
const effective = (specs: SpecDimension[]) => specs.filter((d) => d.values.length > 0);

export function ProductForm({ initial, categories, codeBase, canEdit }: { initial: ProductFormInitial; categories: { id: string; name: string }[]; codeBase: string; canEdit: boolean }) {
  const t = useTranslations("products");
  const c = useTranslations("common");
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const { check, tr } = useSchemaErrors();
  const [v, setV] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const [saved, setSaved] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [valueDraft, setValueDraft] = useState<string[]>(initial.specs.map(() => ""));
  const [bulk, setBulk] = useState({ price: "", cost: "", stock: "" });
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const create = useMutation(trpc.products.create.mutationOptions());
  const update = useMutation(trpc.products.update.mutationOptions());
  const setStatus = useMutation(trpc.products.setStatus.mutationOptions());
  const server = errorInfo(create.error ?? update.error ?? setStatus.error);
  const fields: Record<string, string> = { ...server.fields, ...local };
  const pending = create.isPending || update.isPending || setStatus.isPending;
  const disabled = !canEdit || pending;

  function change(next: Partial<ProductFormInitial>) {
    setV((cur) => ({ ...cur, ...next }));
    setDirty(true);
    setSaved(false);
  }
  function changeSpecs(specs: SpecDimension[]) {
    setV((cur) => ({ ...cur, specs, skus: mergeSkus(effective(cur.specs), cur.skus, effective(specs), codeBase) }));
    setDirty(true);
    setSaved(false);
  }
  const setSku = (i: number, k: keyof Omit<SkuDraft, "spec">, value: string) => change({ skus: v.skus.map((s, j) => (j === i ? { ...s, [k]: value } : s)) });

  function addDimension() {
    if (v.specs.length >= MAX_DIMENSIONS) return;
    changeSpecs([...v.specs, { name: "", values: [] }]);
    setValueDraft([...valueDraft, ""]);
  }
  function removeDimension(i: number) {
    changeSpecs(v.specs.filter((_, j) => j !== i));
    setValueDraft(valueDraft.filter((_, j) => j !== i));
  }
  function renameDimension(i: number, name: string) {
    setV((cur) => ({ ...cur, specs: cur.specs.map((d, j) => (j === i ? { ...d, name } : d)) }));
    setDirty(true);
  }
  /** Adds the typed value(s) as chips; "红,蓝" or "红 蓝" adds both; duplicates are ignored. */
  function addValues(i: number) {
    const typed = (valueDraft[i] ?? "").split(/[,，、\n]/).map((s) => s.trim()).filter(Boolean);
    if (!typed.length) return;
    const d = v.specs[i]!;
    const values = [...d.values];
    for (const x of typed) if (!values.includes(x)) values.push(x);
    changeSpecs(v.specs.map((x, j) => (j === i ? { ...x, values } : x)));
    setValueDraft(valueDraft.map((x, j) => (j === i ? "" : x)));
  }
  const removeValue = (i: number, value: string) => changeSpecs(v.specs.map((d, j) => (j === i ? { ...d, values: d.values.filter((x) => x !== value) } : d)));

  function applyAll() {
    change({
      skus: v.skus.map((s) => ({
        ...s,
        price: bulk.price.trim() ? bulk.price.trim() : s.price,
        cost: bulk.cost.trim() ? bulk.cost.trim() : s.cost,
        stock: bulk.stock.trim() ? bulk.stock.trim() : s.stock,
      })),
    });
  }

  async function upload(files: FileList | null) {
    setUploadError(null);
    if (!files?.length) return;
    let images = [...v.images];
    setUploading(true);
    try {
      for (const file of Array.from(files)) {
        if (images.length >= MAX_IMAGES) {
          setUploadError(tr("product.tooManyImages"));
          break;
        }
        if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) {
          setUploadError(tr("product.imageType"));
          continue;
        }
        if (file.size > MAX_IMAGE_BYTES) {
          setUploadError(tr("product.imageTooLarge", { max: 5 }));
          continue;
        }
        const body = new FormData();
        body.append("file", file);
        const res = await fetch("/api/media/upload", { method: "POST", body });
        const out = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
        if (!res.ok || !out.url) {
          setUploadError(out.message ?? tr("generic"));
          continue;
        }
        images = [...images, out.url];
        change({ images });
      }
    } finally {
      setUploading(false);
      if (fileRef.current) fileRef.current.value = "";
    }
  }
  const moveImage = (i: number, d: -1 | 1) => {
    const images = [...v.images];
    const j = i + d;
    if (j < 0 || j >= images.length) return;
    [images[i], images[j]] = [images[j]!, images[i]!];
    change({ images });
  };

  function payload() {
    return { name: v.name, subtitle: v.subtitle, description: v.description, categoryId: v.categoryId || null, images: v.images, specs: v.specs, skus: v.skus };
  }

  /** Saves; returns the product id, or null when something is wrong (errors shown). */
  async function save(): Promise<string | null> {
    const checked = check(productInput, payload());
    if (!checked.ok) {
      setLocal(checked.fields);
      return null;
    }
    setLocal({});
    create.reset();
    update.reset();
    setStatus.reset();
    try {
      const p = v.id ? await update.mutateAsync({ ...payload(), id: v.id }) : await create.mutateAsync(payload());
      // The form now holds the stock as saved (a sale meanwhile included): the next save sends its own change only.
      const saved = new Map(p.skus.map((s) => [specKey(s.spec), s.stock]));
      setV((cur) => ({
        ...cur,
        skus: cur.skus.map((s) => {
          const stock = saved.get(specKey(s.spec));
          return stock === undefined ? s : { ...s, stock: String(stock), loadedStock: stock };
        }),
      }));
      setDirty(false);
      return p.id;
    } catch {
      return null;
    }
  }

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const id = await save();
    if (!id) return;
    if (!v.id) {
      router.push(`/console/products/${id}?created=1`);
      return;
    }
    setSaved(true);
    router.refresh();
  }

  async function changeStatus(status: ProductFormInitial["status"]) {
    if (!v.id) return;
    if (dirty && !(await save())) return;
    try {
      await setStatus.mutateAsync({ ids: [v.id], status });
      setV((cur) => ({ ...cur, status }));
      router.refresh();
    } catch {
      /* shown below */
    }
  }

  const dims = effective(v.specs);
  const fieldCount = Object.keys(fields).length;

  return (
    <form onSubmit={onSubmit} className="space-y-6" noValidate data-testid="product-form">
      {!canEdit ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-600" data-testid="read-only-notice">
          {c("readOnly")}
        </p>
      ) : null}
      {v.id ? (
        <div className="flex flex-wrap items-center gap-3 rounded-xl border border-slate-200 bg-white p-4" data-testid="product-status-panel">
          <span className="text-sm text-slate-600">{t("status")}</span>
          <StatusBadge status={v.status} />
          {canEdit ? (
            <div className="ml-auto flex flex-wrap gap-2">
              {v.status !== "on_sale" ? (
                <Button type="button" size="sm" onClick={() => changeStatus("on_sale")} disabled={pending} data-testid="product-publish">
                  {dirty ? t("saveAndPublish") : t("publish")}
                </Button>
              ) : null}
              {v.status === "on_sale" ? (
                <Button type="button" size="sm" variant="outline" onClick={() => changeStatus("off")} disabled={pending} data-testid="product-unpublish">
                  {t("unpublish")}
                </Button>
              ) : null}
              {v.status !== "draft" ? (
                <Button type="button" size="sm" variant="ghost" onClick={() => changeStatus("draft")} disabled={pending} data-testid="product-to-draft">
                  {t("toDraft")}
                </Button>
              ) : null}
            </div>
          ) : null}
          {setStatus.error ? <FormError message={server.message} /> : null}
        </div>
      ) : null}

      <Section title={t("basics")}>
        <div className="grid gap-5 md:grid-cols-2">
          <Field label={t("name")} htmlFor="product-name" error={fields.name}>
            <Input id="product-name" data-testid="product-name" value={v.name} onChange={(e) => change({ name: e.target.value })} disabled={disabled} aria-invalid={Boolean(fields.name)} placeholder={t("namePlaceholder")} />
          </Field>
          <Field label={t("category")} htmlFor="product-category" error={fields.categoryId} hint={t("categoryHint")}>
            <Select id="product-category" data-testid="product-category" value={v.categoryId} onChange={(e) => change({ categoryId: e.target.value })} disabled={disabled} aria-invalid={Boolean(fields.categoryId)}>
              <option value="">{t("uncategorized")}</option>
              {categories.map((cat) => (
                <option key={cat.id} value={cat.id}>
                  {cat.name}
                </option>
              ))}
            </Select>
          </Field>
          <div className="md:col-span-2">
            <Field label={t("subtitle")} htmlFor="product-subtitle" error={fields.subtitle}>
              <Input id="product-subtitle" data-testid="product-subtitle" value={v.subtitle} onChange={(e) => change({ subtitle: e.target.value })} disabled={disabled} placeholder={t("subtitlePlaceholder")} />
            </Field>
          </div>
          <div className="md:col-span-2">
            <Field label={t("description")} htmlFor="product-description" error={fields.description}>
              <textarea
                id="product-description"
                data-testid="product-description"
                value={v.description}
                onChange={(e) => change({ description: e.target.value })}
                disabled={disabled}
                rows={4}
                className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 disabled:bg-slate-100"
              />
            </Field>
          </div>
        </div>
      </Section>

      <Section title={t("images")}>
        <p className="mb-3 text-xs text-slate-500">{t("imagesHint", { max: MAX_IMAGES })}</p>
        <ul className="flex flex-wrap gap-3" data-testid="product-images">
          {v.images.map((src, i) => (
            <li key={src} className="relative w-28" data-testid={`image-${i}`}>
              {/* eslint-disable-next-line @next/next/no-img-element -- our own /api/media bytes */}
              <img src={src} alt={t("imageAlt", { n: i + 1 })} className="h-28 w-28 rounded-md border border-slate-200 object-cover" />
              {i === 0 ? <Badge className="absolute left-1 top-1 bg-emerald-700 text-white">{t("cover")}</Badge> : null}
              {canEdit ? (
                <div className="mt-1 flex justify-between">
                  <Button type="button" size="icon" variant="ghost" className="h-7 w-7" onClick={() => moveImage(i, -1)} disabled={i === 0} aria-label={t("moveLeft")} data-testid={`image-left-${i}`}>
                    <ArrowLeft className="h-4 w-4" />
                  </Button>
                  <Button type="button" size="icon" variant="ghost" className="h-7 w-7" onClick={() => change({ images: v.images.filter((_, j) => j !== i) })} aria-label={t("removeImage")} data-testid={`image-remove-${i}`}>
                    <X className="h-4 w-4" />
                  </Button>
                  <Button type="button" size="icon" variant="ghost" className="h-7 w-7" onClick={() => moveImage(i, 1)} disabled={i === v.images.length - 1} aria-label={t("moveRight")} data-testid={`image-right-${i}`}>
                    <ArrowRight className="h-4 w-4" />
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
          {canEdit && v.images.length < MAX_IMAGES ? (
            <li>
              <label className={cn("flex h-28 w-28 cursor-pointer flex-col items-center justify-center gap-1 rounded-md border border-dashed border-slate-300 text-xs text-slate-500 hover:bg-slate-50", uploading && "opacity-50")}>
                <ImagePlus className="h-5 w-5" aria-hidden />
                {uploading ? t("uploading") : t("addImage")}
                <input ref={fileRef} type="file" accept={IMAGE_TYPES.join(",")} multiple className="sr-only" onChange={(e) => upload(e.target.files)} disabled={uploading || disabled} data-testid="image-upload" />
              </label>
            </li>
          ) : null}
        </ul>
        {uploadError || fields.images ? (
          <p role="alert" className="mt-2 text-xs text-red-600" data-testid="image-error">
            {uploadError ?? fields.images}
          </p>
        ) : null}
      </Section>

      <Section title={t("specs")}>
        <p className="mb-3 text-xs text-slate-500">{t("specsHint", { max: MAX_DIMENSIONS })}</p>
        {fields.specs ? <FormError message={fields.specs} /> : null}
        <div className="space-y-4">
          {v.specs.map((d, i) => (
            <div key={i} className="rounded-lg border border-slate-200 p-3" data-testid={`spec-${i}`}>
              <div className="flex items-end gap-2">
                <div className="w-48">
                  <Label htmlFor={`spec-name-${i}`}>{t("specName")}</Label>
                  <Input id={`spec-name-${i}`} data-testid={`spec-name-${i}`} value={d.name} onChange={(e) => renameDimension(i, e.target.value)} placeholder={t("specNamePlaceholder")} disabled={disabled} aria-invalid={Boolean(fields[`specs.${i}.name`])} />
                </div>
                {canEdit ? (
                  <Button type="button" variant="ghost" size="sm" className="ml-auto" onClick={() => removeDimension(i)} data-testid={`spec-remove-${i}`}>
                    <X className="h-4 w-4" aria-hidden /> {t("removeSpec")}
                  </Button>
                ) : null}
              </div>
              <div className="mt-3 flex flex-wrap items-center gap-2">
                {d.values.map((value) => (
                  <span key={value} className="inline-flex items-center gap-1 rounded-full bg-emerald-50 px-3 py-1 text-sm text-emerald-900 ring-1 ring-emerald-200" data-testid={`spec-chip-${i}`}>
                    {value}
                    {canEdit ? (
                      <button type="button" onClick={() => removeValue(i, value)} aria-label={t("removeValue", { value })} className="rounded-full p-0.5 hover:bg-emerald-100" data-testid={`spec-chip-remove-${i}-${value}`}>
                        <X className="h-3 w-3" />
                      </button>
                    ) : null}
                  </span>
                ))}
                {canEdit ? (
                  <span className="inline-flex items-center gap-1">
                    <Input
                      aria-label={t("specValue")}
                      data-testid={`spec-value-input-${i}`}
                      className="h-8 w-40"
                      value={valueDraft[i] ?? ""}
                      placeholder={t("specValuePlaceholder")}
                      onChange={(e) => setValueDraft(valueDraft.map((x, j) => (j === i ? e.target.value : x)))}
                      onKeyDown={(e) => {
                        if (e.key === "Enter" && !e.nativeEvent.isComposing) {
                          e.preventDefault();
                          addValues(i);
                        }
                      }}
                    />
                    <Button type="button" size="sm" variant="outline" onClick={() => addValues(i)} data-testid={`spec-value-add-${i}`}>
                      {t("addValue")}
                    </Button>
                  </span>
                ) : null}
              </div>
              {under(fields, `specs.${i}`) ? (
                <p role="alert" className="mt-2 text-xs text-red-600">
                  {under(fields, `specs.${i}`)}
                </p>
              ) : null}
            </div>
          ))}
        </div>
        {canEdit ? (
          <Button type="button" variant="outline" size="sm" className="mt-3" onClick={addDimension} disabled={v.specs.length >= MAX_DIMENSIONS} data-testid="add-spec">
            <Plus className="h-4 w-4" aria-hidden /> {t("addSpec")}
          </Button>
        ) : null}
      </Section>

      <Section title={t("skus", { count: v.skus.length })}>
        {canEdit && v.skus.length > 1 ? (
          <div className="mb-3 flex flex-wrap items-end gap-2 rounded-md bg-slate-50 p-3" data-testid="apply-all">
            <span className="self-center text-sm text-slate-600">{t("applyAll")}</span>
            <Input aria-label={t("price")} placeholder={t("price")} className="h-8 w-28" inputMode="decimal" value={bulk.price} onChange={(e) => setBulk({ ...bulk, price: e.target.value })} data-testid="apply-all-price" />
            <Input aria-label={t("cost")} placeholder={t("cost")} className="h-8 w-28" inputMode="decimal" value={bulk.cost} onChange={(e) => setBulk({ ...bulk, cost: e.target.value })} data-testid="apply-all-cost" />
            <Input aria-label={t("stock")} placeholder={t("stock")} className="h-8 w-28" inputMode="numeric" value={bulk.stock} onChange={(e) => setBulk({ ...bulk, stock: e.target.value })} data-testid="apply-all-stock" />
            <Button type="button" size="sm" variant="outline" onClick={applyAll} data-testid="apply-all-button">
              {t("apply")}
            </Button>
          </div>
        ) : null}
        {fields.skus ? <FormError message={fields.skus} /> : null}
        <div className="overflow-x-auto">
          <table className="w-full min-w-[640px] text-sm" data-testid="sku-table">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                {dims.length ? dims.map((d, i) => <th key={i} className="py-2 pr-2">{d.name || t("specName")}</th>) : <th className="py-2 pr-2">{t("specs")}</th>}
                <th className="py-2 pr-2">{t("priceYuan")}</th>
                <th className="py-2 pr-2">{t("costYuan")}</th>
                <th className="py-2 pr-2">{t("stock")}</th>
                <th className="py-2 pr-2">{t("code")}</th>
                <th className="py-2 text-right">{t("margin")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {v.skus.map((s, i) => {
                const err = (k: string) => fields[`skus.${i}.${k}`];
                const cell = (k: "price" | "cost" | "stock" | "code", extra: React.InputHTMLAttributes<HTMLInputElement>) => (
                  <td className="py-1.5 pr-2 align-top">
                    <Input value={s[k]} onChange={(e) => setSku(i, k, e.target.value)} disabled={disabled} aria-invalid={Boolean(err(k))} aria-label={`${s.spec.join(" / ") || t("defaultSpec")} ${t(k)}`} data-testid={`sku-${k}-${i}`} className="h-8" {...extra} />
                    {err(k) ? (
                      <p role="alert" className="mt-1 text-xs text-red-600" data-testid={`sku-${k}-error-${i}`}>
                        {err(k)}
                      </p>
                    ) : null}
                  </td>
                );
                return (
                  <tr key={JSON.stringify(s.spec)} data-testid="sku-row" data-spec={s.spec.join("/")}>
                    {s.spec.length ? s.spec.map((x, j) => <td key={j} className="py-1.5 pr-2 align-top font-medium">{x}</td>) : <td className="py-1.5 pr-2 align-top text-slate-500">{t("defaultSpec")}</td>}
                    {cell("price", { inputMode: "decimal", placeholder: "0.00", className: "h-8 w-24" })}
                    {cell("cost", { inputMode: "decimal", placeholder: "0.00", className: "h-8 w-24" })}
                    {cell("stock", { inputMode: "numeric", placeholder: "0", className: "h-8 w-20" })}
                    {cell("code", { className: "h-8 w-36 font-mono text-xs" })}
                    <td className="py-1.5 text-right align-top text-xs" data-testid={`sku-margin-${i}`}>
                      <Margin price={s.price} cost={s.cost} locale={locale} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {v.skus.length === 0 ? <p className="py-3 text-sm text-slate-500">{t("noSkus")}</p> : null}
      </Section>

      <FormError message={fieldCount ? t("fixErrors", { count: fieldCount }) : server.message} />
      {canEdit ? (
        <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-white/95 py-3 backdrop-blur">
          <Button type="submit" disabled={pending || uploading} data-testid="product-save">
            {pending ? c("saving") : v.id ? c("save") : t("createProduct")}
          </Button>
          {saved && !dirty ? (
            <span className="text-sm text-emerald-700" role="status" data-testid="product-saved">
              {c("saved")}
            </span>
          ) : null}
          {dirty ? <span className="text-xs text-slate-500">{t("unsaved")}</span> : null}
        </div>
      ) : null}
    </form>
  );
}

/** Gross margin per SKU (price − cost, and its share of the price), in integer fen. */
function Margin({ price, cost, locale }: { price: string; cost: string; locale: string }) {
  const p = parseYuan(price);
  const c = cost.trim() === "" ? ({ ok: true, fen: 0 } as const) : parseYuan(cost);
  if (!p.ok || !c.ok || p.fen <= 0) return <span className="text-slate-400">—</span>;
  const m = p.fen - c.fen;
  const pct = Math.round((m * 1000) / p.fen) / 10;
  return (
    <span className={m < 0 ? "text-red-600" : "text-slate-700"}>
      {formatFen(m, locale)}
      <span className="ml-1 text-slate-500">{pct}%</span>
    </span>
  );
}
