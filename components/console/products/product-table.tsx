"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { ImageIcon } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { FormError, Input, Select } from "@/components/ui/form";
import { bulkEditInput } from "@/packages/catalog/src/schemas";
import { formatFen } from "@/packages/core/src/money";
import { under, useSchemaErrors } from "./errors";
import { StatusBadge } from "./status-badge";

export type ProductRow = {
  id: string;
  name: string;
  subtitle: string;
  cover: string | null;
  status: "draft" | "on_sale" | "off";
  categoryName: string | null;
  minPriceFen: number | null;
  maxPriceFen: number | null;
  stock: number;
  skuCount: number;
};

type PriceMode = "" | "set" | "add" | "percent";
type StockMode = "" | "set" | "add";

export function ProductTable({ items, canWrite, locale }: { items: ProductRow[]; canWrite: boolean; locale: string }) {
  const t = useTranslations("products");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const { check } = useSchemaErrors();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const [price, setPrice] = useState<{ mode: PriceMode; value: string }>({ mode: "", value: "" });
  const [stock, setStock] = useState<{ mode: StockMode; value: string }>({ mode: "", value: "" });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const setStatus = useMutation(trpc.products.setStatus.mutationOptions());
  const bulkEdit = useMutation(trpc.products.bulkEdit.mutationOptions());
  const server = errorInfo(bulkEdit.error ?? setStatus.error);
  const fields = { ...server.fields, ...local };
  const pending = setStatus.isPending || bulkEdit.isPending;
  const ids = items.filter((i) => selected.has(i.id)).map((i) => i.id);
  const allChecked = items.length > 0 && ids.length === items.length;

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
    setDone(null);
  };

  async function status(s: ProductRow["status"]) {
    setDone(null);
    bulkEdit.reset();
    try {
      const r = await setStatus.mutateAsync({ ids, status: s });
      setDone(t("statusChanged", { count: r.updated }));
      router.refresh();
    } catch {
      /* shown below */
    }
  }

  async function applyBulk(e: React.FormEvent) {
    e.preventDefault();
    setDone(null);
    setStatus.reset();
    const input = { ids, price: price.mode ? { mode: price.mode, value: price.value } : null, stock: stock.mode ? { mode: stock.mode, value: stock.value } : null };
    const checked = check(bulkEditInput, input);
    if (!checked.ok) {
      setLocal(checked.fields);
      return;
    }
    setLocal({});
    try {
      const r = await bulkEdit.mutateAsync(input as never);
      setDone(t("bulkDone", { products: r.products, skus: r.skus }));
      setBulkOpen(false);
      setPrice({ mode: "", value: "" });
      setStock({ mode: "", value: "" });
      router.refresh();
    } catch {
      /* shown below */
    }
  }

  const range = (r: ProductRow) =>
    r.minPriceFen === null ? "—" : r.minPriceFen === r.maxPriceFen ? formatFen(r.minPriceFen, locale) : `${formatFen(r.minPriceFen, locale)} ~ ${formatFen(r.maxPriceFen!, locale)}`;

  return (
    <div className="space-y-3">
      {canWrite && ids.length ? (
        <div className="flex flex-wrap items-center gap-2 rounded-lg border border-emerald-200 bg-emerald-50 p-3" data-testid="bulk-bar">
          <span className="text-sm text-emerald-900" data-testid="bulk-count">
            {t("selected", { count: ids.length })}
          </span>
          <Button size="sm" onClick={() => status("on_sale")} disabled={pending} data-testid="bulk-publish">
            {t("publish")}
          </Button>
          <Button size="sm" variant="outline" onClick={() => status("off")} disabled={pending} data-testid="bulk-unpublish">
            {t("unpublish")}
          </Button>
          <Button size="sm" variant="outline" onClick={() => setBulkOpen(!bulkOpen)} disabled={pending} data-testid="bulk-edit-open">
            {t("bulkEdit")}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
            {t("clearSelection")}
          </Button>
        </div>
      ) : null}
      {canWrite && ids.length && bulkOpen ? (
        <form onSubmit={applyBulk} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" data-testid="bulk-edit" noValidate>
          <p className="text-sm text-slate-600">{t("bulkHint", { count: ids.length })}</p>
          <div className="flex flex-wrap items-center gap-2">
            <span className="w-12 text-sm font-medium">{t("price")}</span>
            <Select aria-label={t("priceMode")} className="w-40" value={price.mode} onChange={(e) => setPrice({ ...price, mode: e.target.value as PriceMode })} data-testid="bulk-price-mode">
              <option value="">{t("noChange")}</option>
              <option value="set">{t("priceSet")}</option>
              <option value="add">{t("priceAdd")}</option>
              <option value="percent">{t("pricePercent")}</option>
            </Select>
            {price.mode ? (
              <Input aria-label={t("price")} className="w-32" value={price.value} onChange={(e) => setPrice({ ...price, value: e.target.value })} placeholder={price.mode === "percent" ? "10 / -5" : price.mode === "add" ? "5 / -5" : "0.00"} aria-invalid={Boolean(under(fields, "price"))} data-testid="bulk-price-value" />
            ) : null}
            {price.mode ? <span className="text-xs text-slate-500">{price.mode === "percent" ? "%" : t("yuan")}</span> : null}
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <span className="w-12 text-sm font-medium">{t("stock")}</span>
            <Select aria-label={t("stockMode")} className="w-40" value={stock.mode} onChange={(e) => setStock({ ...stock, mode: e.target.value as StockMode })} data-testid="bulk-stock-mode">
              <option value="">{t("noChange")}</option>
              <option value="set">{t("stockSet")}</option>
              <option value="add">{t("stockAdd")}</option>
            </Select>
            {stock.mode ? (
              <Input aria-label={t("stock")} className="w-32" value={stock.value} onChange={(e) => setStock({ ...stock, value: e.target.value })} placeholder={stock.mode === "add" ? "10 / -10" : "0"} aria-invalid={Boolean(under(fields, "stock"))} data-testid="bulk-stock-value" />
            ) : null}
          </div>
          <FormError message={under(fields, "price") ?? under(fields, "stock") ?? (Object.keys(fields).length ? null : server.message)} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" disabled={pending} data-testid="bulk-apply">
              {pending ? c("saving") : t("apply")}
            </Button>
            <Button type="button" size="sm" variant="ghost" onClick={() => setBulkOpen(false)}>
              {c("cancel")}
            </Button>
          </div>
        </form>
      ) : null}
      {!bulkOpen && server.message ? <FormError message={server.message} /> : null}
      {done ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="bulk-done">
          {done}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full min-w-[720px] text-sm" data-testid="products-table">
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs text-slate-500">
            <tr>
              {canWrite ? (
                <th className="w-10 px-3 py-2">
                  <input type="checkbox" aria-label={t("selectAll")} checked={allChecked} onChange={() => setSelected(allChecked ? new Set() : new Set(items.map((i) => i.id)))} data-testid="product-select-all" />
                </th>
              ) : null}
              <th className="px-3 py-2">{t("product")}</th>
              <th className="px-3 py-2">{t("category")}</th>
              <th className="px-3 py-2">{t("price")}</th>
              <th className="px-3 py-2">{t("totalStock")}</th>
              <th className="px-3 py-2">{t("status")}</th>
              <th className="px-3 py-2 text-right">{c("actions")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {items.map((r) => (
              <tr key={r.id} data-testid="product-row" data-product-name={r.name} data-product-id={r.id}>
                {canWrite ? (
                  <td className="px-3 py-2">
                    <input type="checkbox" aria-label={t("select", { name: r.name })} checked={selected.has(r.id)} onChange={() => toggle(r.id)} data-testid={`product-select-${r.id}`} />
                  </td>
                ) : null}
                <td className="px-3 py-2">
                  <div className="flex items-center gap-3">
                    {r.cover ? (
                      // eslint-disable-next-line @next/next/no-img-element -- our own /api/media bytes
                      <img src={r.cover} alt="" className="h-12 w-12 shrink-0 rounded-md border border-slate-200 object-cover" loading="lazy" data-testid="product-thumb" />
                    ) : (
                      <span className="flex h-12 w-12 shrink-0 items-center justify-center rounded-md bg-slate-100 text-slate-400" aria-hidden>
                        <ImageIcon className="h-5 w-5" />
                      </span>
                    )}
                    <div className="min-w-0">
                      <Link href={`/console/products/${r.id}`} className="line-clamp-1 font-medium hover:text-emerald-700" data-testid="product-link">
                        {r.name}
                      </Link>
                      <p className="line-clamp-1 text-xs text-slate-500">{r.subtitle || t("skuCount", { count: r.skuCount })}</p>
                    </div>
                  </div>
                </td>
                <td className="px-3 py-2 text-slate-600">{r.categoryName ?? t("uncategorized")}</td>
                <td className="whitespace-nowrap px-3 py-2" data-testid="product-price-range">
                  {range(r)}
                </td>
                <td className="px-3 py-2" data-testid="product-stock">
                  <span className={r.stock === 0 ? "text-red-600" : undefined}>{r.stock}</span>
                </td>
                <td className="px-3 py-2">
                  <StatusBadge status={r.status} />
                </td>
                <td className="px-3 py-2 text-right">
                  <Link href={`/console/products/${r.id}`} className="text-emerald-700 hover:underline">
                    {canWrite ? t("editShort") : t("view")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
