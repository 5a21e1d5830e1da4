"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Input } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";

export type ProductOption = { id: string; name: string; priceFen: number | null };

/**
 * Products to choose from in a select: the first page comes with the page;
 * typing searches the whole catalogue (name or code) on the server, so a shop
 * of 10,000 products can pick any of them. The chosen product stays listed
 * while the search changes.
 */
export function useProductSearch(initial: ProductOption[], chosen: ProductOption | undefined) {
  const trpc = useTRPC();
  const [q, setQ] = useState("");
  const term = q.trim();
  const found = useQuery({ ...trpc.products.list.queryOptions({ q: term, page: 1, pageSize: 50 }), enabled: term.length > 0 });
  const results: ProductOption[] = term ? (found.data?.items ?? []).map((p) => ({ id: p.id, name: p.name, priceFen: p.minPriceFen })) : initial;
  const options = chosen && !results.some((p) => p.id === chosen.id) ? [chosen, ...results] : results;
  return { q, setQ, options, searching: term.length > 0 && found.isFetching, empty: term.length > 0 && !!found.data && results.length === 0 };
}

/** The search box above such a select. */
export function ProductSearchBox({ id, search }: { id: string; search: ReturnType<typeof useProductSearch> }) {
  const t = useTranslations("distribution");
  return (
    <div className="mb-1">
      <Input id={id} type="search" value={search.q} placeholder={t("searchProducts")} aria-label={t("searchProducts")} onChange={(e) => search.setQ(e.target.value)} data-testid={id} />
      {search.empty ? <p className="mt-1 text-xs text-slate-500">{t("noProductFound")}</p> : null}
    </div>
  );
}
