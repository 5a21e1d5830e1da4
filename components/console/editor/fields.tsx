"use client";

/**
 * The editor's own field types (Puck custom fields): a picture uploaded to
 * the shop's media, a link inside the shop, products and categories of the
 * shop (through the products router), a date-time. Each keeps the block's
 * prop shape as stored, so no mapping sits between a field and its schema.
 */
import { createContext, useContext, useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { createUsePuck, FieldLabel } from "@puckeditor/core";
import { useTRPC } from "@/components/trpc";
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from "@/packages/catalog/src/image";
import { LINK_KINDS, type BlockData, type BlockLink, type RenderContext } from "@/packages/decoration/src";
import { fieldPath } from "./document-mapping";

export type EditorState = {
  data: BlockData;
  ctx: RenderContext;
  /** per block id ("root" for the page): field path → message (already in the user's language) */
  issues: Record<string, Record<string, string>>;
  /** the shop's landing pages a link may name */
  pages: { slug: string; title: string }[];
};
export const EditorContext = createContext<EditorState>({ data: { products: {}, categories: [], pages: {}, recruitment: null }, ctx: { base: "", locale: "zh-CN", now: 0 }, issues: {}, pages: [] });

const usePuck = createUsePuck();
export const useSelectedId = () => usePuck((s) => (s.selectedItem?.props.id as string | undefined) ?? "root");

/** The message of a field of the selected block (or of the page), under the field. */
export function FieldMessage({ name }: { name: string }) {
  const id = useSelectedId();
  const { issues } = useContext(EditorContext);
  const message = issues[id]?.[fieldPath(name)];
  if (!message) return null;
  return (
    <p className="mt-1 text-xs text-red-600" role="alert" data-testid={`field-error-${fieldPath(name)}`}>
      {message}
    </p>
  );
}

type CustomProps<V> = { name: string; id: string; value: V; onChange: (v: V) => void; readOnly?: boolean; field: { label?: string } };

const inputClass = "w-full rounded border border-slate-300 bg-white px-2 py-1.5 text-sm disabled:bg-slate-100";

/** A picture of the shop's own: uploaded through POST /api/media/upload, as the product form does. */
export function ImageField({ name, value, onChange, readOnly, field }: CustomProps<string | null>) {
  const t = useTranslations("editor.upload");
  const te = useTranslations("errors");
  const ref = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function upload(file: File | undefined) {
    setError(null);
    if (!file) return;
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return setError(t("type"));
    if (file.size > MAX_IMAGE_BYTES) return setError(te("product.imageTooLarge", { max: 5 }));
    setBusy(true);
    try {
      const body = new FormData();
      body.append("file", file);
      const res = await fetch("/api/media/upload", { method: "POST", body });
      const out = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
      if (!res.ok || !out.url) setError(out.message ?? te("generic"));
      else onChange(out.url);
    } finally {
      setBusy(false);
      if (ref.current) ref.current.value = "";
    }
  }
  return (
    <FieldLabel label={field.label ?? name} el="div" readOnly={readOnly}>
      <div className="space-y-1" data-testid={`image-field-${fieldPath(name)}`}>
        {value ? (
          // eslint-disable-next-line @next/next/no-img-element -- a shop media URL
          <img src={value} alt="" className="max-h-28 rounded border border-slate-200 object-contain" />
        ) : null}
        <div className="flex gap-2">
          <label className="cursor-pointer rounded border border-slate-300 bg-white px-2 py-1 text-xs hover:bg-slate-50">
            {busy ? t("uploading") : value ? t("replace") : t("choose")}
            <input ref={ref} type="file" accept={IMAGE_TYPES.join(",")} className="sr-only" disabled={readOnly || busy} onChange={(e) => upload(e.target.files?.[0])} data-testid={`image-upload-${fieldPath(name)}`} />
          </label>
          {value && !readOnly ? (
            <button type="button" className="text-xs text-slate-500 hover:underline" onClick={() => onChange(null)}>
              {t("remove")}
            </button>
          ) : null}
        </div>
        {error ? <p className="text-xs text-red-600">{error}</p> : null}
        <FieldMessage name={name} />
      </div>
    </FieldLabel>
  );
}

/** The shop's products: the first 100 for names, a search for picking. */
function useProducts(q: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.products.list.queryOptions({ q: q.trim() || undefined, pageSize: 100 }), staleTime: 60_000 });
}
function useCategories() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.products.categories.list.queryOptions(), staleTime: 60_000 });
}

/** Names of products already picked: from the preview's data and the product list. */
function useProductNames() {
  const { data } = useContext(EditorContext);
  const list = useProducts("");
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const ps of Object.values(data.products)) for (const p of ps) names.set(p.id, p.name);
    for (const p of list.data?.items ?? []) names.set(p.id, p.name);
    return names;
  }, [data.products, list.data]);
}

function ProductSearch({ onPick, exclude, testId }: { onPick: (id: string) => void; exclude: string[]; testId: string }) {
  const t = useTranslations("editor.picker");
  const [q, setQ] = useState("");
  const found = useProducts(q);
  const items = (found.data?.items ?? []).filter((p) => !exclude.includes(p.id)).slice(0, 8);
  return (
    <div className="space-y-1">
      <input className={inputClass} placeholder={t("search")} value={q} onChange={(e) => setQ(e.target.value)} data-testid={`${testId}-search`} />
      {found.isLoading ? (
        <p className="text-xs text-slate-500">{t("loading")}</p>
      ) : items.length ? (
        <ul className="max-h-40 overflow-auto rounded border border-slate-200">
          {items.map((p) => (
            <li key={p.id}>
              <button type="button" className="flex w-full items-center justify-between px-2 py-1 text-left text-xs hover:bg-slate-50" onClick={() => onPick(p.id)} data-testid={`${testId}-option`}>
                <span className="truncate">{p.name}</span>
                <span className="text-emerald-700">{t("add")}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-slate-500">{t("noResults")}</p>
      )}
    </div>
  );
}

/** An ordered selection of the shop's products (productIds). */
export function ProductsField({ name, value, onChange, readOnly, field }: CustomProps<string[]>) {
  const t = useTranslations("editor.picker");
  const names = useProductNames();
  const ids = value ?? [];
  const move = (i: number, d: -1 | 1) => {
    const next = [...ids];
    const j = i + d;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  const testId = `products-field-${fieldPath(name)}`;
  return (
    <FieldLabel label={field.label ?? name} el="div" readOnly={readOnly}>
      <div className="space-y-2" data-testid={testId}>
        {ids.length ? (
          <ol className="space-y-1">
            {ids.map((id, i) => (
              <li key={id} className="flex items-center gap-1 rounded border border-slate-200 px-2 py-1 text-xs">
                <span className="flex-1 truncate" data-testid={`${testId}-chosen`}>{names.get(id) ?? id.slice(0, 8)}</span>
                {readOnly ? null : (
                  <>
                    <button type="button" title={t("up")} aria-label={t("up")} onClick={() => move(i, -1)} disabled={i === 0}>↑</button>
                    <button type="button" title={t("down")} aria-label={t("down")} onClick={() => move(i, 1)} disabled={i === ids.length - 1}>↓</button>
                    <button type="button" title={t("remove")} aria-label={t("remove")} onClick={() => onChange(ids.filter((x) => x !== id))}>×</button>
                  </>
                )}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-xs text-slate-500">{t("empty")}</p>
        )}
        {readOnly ? null : <ProductSearch testId={testId} exclude={ids} onPick={(id) => onChange([...ids, id])} />}
        <FieldMessage name={name} />
      </div>
    </FieldLabel>
  );
}

/** One category of the shop (a product block's source). */
export function CategoryField({ name, value, onChange, readOnly, field }: CustomProps<string | null>) {
  const t = useTranslations("editor.picker");
  const cats = useCategories();
  return (
    <FieldLabel label={field.label ?? name} el="div" readOnly={readOnly}>
      <select className={inputClass} value={value ?? ""} disabled={readOnly} onChange={(e) => onChange(e.target.value || null)} data-testid={`category-field-${fieldPath(name)}`}>
        <option value="">{t("chooseCategory")}</option>
        {(cats.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
      <FieldMessage name={name} />
    </FieldLabel>
  );
}

/** Several categories of the shop, in the shop's order (a category navigation). */
export function CategoriesField({ name, value, onChange, readOnly, field }: CustomProps<string[]>) {
  const cats = useCategories();
  const chosen = new Set(value ?? []);
  return (
    <FieldLabel label={field.label ?? name} el="div" readOnly={readOnly}>
      <ul className="max-h-48 space-y-1 overflow-auto" data-testid={`categories-field-${fieldPath(name)}`}>
        {(cats.data ?? []).map((c) => (
          <li key={c.id}>
            <label className="flex items-center gap-2 text-xs">
              <input
                type="checkbox"
                checked={chosen.has(c.id)}
                disabled={readOnly}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(c.id);
                  else next.delete(c.id);
                  onChange((cats.data ?? []).map((x) => x.id).filter((id) => next.has(id)));
                }}
              />
              {c.name}
            </label>
          </li>
        ))}
      </ul>
      <FieldMessage name={name} />
    </FieldLabel>
  );
}

/** Where a tap leads: a kind, then its product, category or landing page. */
export function LinkField({ name, value, onChange, readOnly, field }: CustomProps<BlockLink | undefined>) {
  const t = useTranslations("editor");
  const link: BlockLink = value ?? { kind: "none" };
  const cats = useCategories();
  const names = useProductNames();
  const { pages } = useContext(EditorContext);
  const testId = `link-field-${fieldPath(name)}`;
  return (
    <FieldLabel label={field.label ?? name} el="div" readOnly={readOnly}>
      <div className="space-y-1" data-testid={testId}>
        <select className={inputClass} value={link.kind} disabled={readOnly} onChange={(e) => onChange({ kind: e.target.value as BlockLink["kind"] })} data-testid={`${testId}-kind`}>
          {LINK_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`options.link.${k}`)}
            </option>
          ))}
        </select>
        {link.kind === "category" ? (
          <select className={inputClass} value={link.id ?? ""} disabled={readOnly} onChange={(e) => onChange({ kind: "category", ...(e.target.value ? { id: e.target.value } : {}) })}>
            <option value="">{t("picker.chooseCategory")}</option>
            {(cats.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        ) : null}
        {link.kind === "page" ? (
          <select className={inputClass} value={link.slug ?? ""} disabled={readOnly} onChange={(e) => onChange({ kind: "page", ...(e.target.value ? { slug: e.target.value } : {}) })}>
            <option value="">{t("picker.choosePage")}</option>
            {pages.map((p) => (
              <option key={p.slug} value={p.slug}>
                {p.title || p.slug}
              </option>
            ))}
          </select>
        ) : null}
        {link.kind === "product" ? (
          link.id ? (
            <p className="flex items-center justify-between rounded border border-slate-200 px-2 py-1 text-xs">
              <span className="truncate">{names.get(link.id) ?? link.id.slice(0, 8)}</span>
              {readOnly ? null : (
                <button type="button" aria-label={t("picker.remove")} onClick={() => onChange({ kind: "product" })}>
                  ×
                </button>
              )}
            </p>
          ) : readOnly ? null : (
            <ProductSearch testId={testId} exclude={[]} onPick={(id) => onChange({ kind: "product", id })} />
          )
        ) : null}
        <FieldMessage name={name} />
        <FieldMessage name={`${name}.id`} />
        <FieldMessage name={`${name}.slug`} />
      </div>
    </FieldLabel>
  );
}

/** An ISO end time edited as the merchant's local date and time. */
export function DateTimeField({ name, value, onChange, readOnly, field }: CustomProps<string>) {
  const local = value && !Number.isNaN(Date.parse(value)) ? toLocalInput(new Date(value)) : "";
  return (
    <FieldLabel label={field.label ?? name} el="div" readOnly={readOnly}>
      <input type="datetime-local" className={inputClass} value={local} disabled={readOnly} onChange={(e) => onChange(e.target.value ? new Date(e.target.value).toISOString() : "")} data-testid={`datetime-field-${fieldPath(name)}`} />
      <FieldMessage name={name} />
    </FieldLabel>
  );
}

function toLocalInput(d: Date) {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
