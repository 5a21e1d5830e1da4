import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { ProductTable } from "@/components/console/products/product-table";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import { consoleFrame } from "@/lib/console";
import { PRODUCT_STATUSES } from "@/packages/catalog/src/schemas";
import { isUuid } from "@/packages/core/src/errors";
import { can } from "@/packages/tenancy/src/roles";

type Search = { q?: string; status?: string; category?: string; page?: string };
const PAGE_SIZE = 20;

export default async function ProductsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const { active, caller } = await consoleFrame("/console/products");
  if (!active) redirect("/console");
  const status = (PRODUCT_STATUSES as readonly string[]).includes(sp.status ?? "") ? (sp.status as (typeof PRODUCT_STATUSES)[number]) : undefined;
  const categoryId = isUuid(sp.category) ? sp.category : undefined;
  const q = (sp.q ?? "").trim().slice(0, 60) || undefined;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(sp.page ?? "1", 10) || 1));
  const [{ role }, categories, list] = await Promise.all([
    caller.tenant.current(),
    caller.products.categories.list(),
    caller.products.list({ q, status, categoryId, page, pageSize: PAGE_SIZE }),
  ]);
  const t = await getTranslations("products");
  const c = await getTranslations("console");
  const locale = await getLocale();
  const canWrite = can(role, "catalog.write");
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const href = (over: Partial<Search>) => {
    const p = new URLSearchParams();
    const merged: Search = { q, status, category: categoryId, page: undefined, ...over };
    for (const [k, val] of Object.entries(merged)) if (val) p.set(k, String(val));
    const s = p.toString();
    return `/console/products${s ? `?${s}` : ""}`;
  };
  const all = Object.values(list.counts).reduce((a, b) => a + (b ?? 0), 0);
  const tabs: { key: string | undefined; label: string; n: number }[] = [
    { key: undefined, label: t("statuses.all"), n: all },
    ...PRODUCT_STATUSES.map((s) => ({ key: s as string, label: t(`statuses.${s}`), n: list.counts[s] ?? 0 })),
  ];

  return (
    <div>
      <Breadcrumbs items={[{ label: c("title"), href: "/console" }, { label: t("title") }]} />
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <div className="flex flex-wrap gap-2">
          <Button asChild variant="outline" size="sm">
            <Link href="/console/products/categories" data-testid="product-categories">
              {t("manageCategories")}
            </Link>
          </Button>
          {canWrite ? (
            <>
              <Button asChild variant="outline" size="sm">
                <Link href="/console/products/import" data-testid="product-import">
                  {t("import")}
                </Link>
              </Button>
              <Button asChild size="sm">
                <Link href="/console/products/new" data-testid="product-new">
                  {t("new")}
                </Link>
              </Button>
            </>
          ) : null}
        </div>
      </div>
      <nav className="mb-3 flex gap-1 overflow-x-auto border-b border-slate-200" aria-label={t("status")}>
        {tabs.map((tab) => (
          <Link
            key={tab.key ?? "all"}
            href={href({ status: tab.key, category: categoryId })}
            className={cn("shrink-0 border-b-2 px-3 py-2 text-sm", tab.key === status ? "border-emerald-700 font-medium text-emerald-800" : "border-transparent text-slate-600 hover:text-slate-900")}
            data-testid={`products-tab-${tab.key ?? "all"}`}
            aria-current={tab.key === status ? "page" : undefined}
          >
            {tab.label} <span className="text-xs text-slate-400">{tab.n}</span>
          </Link>
        ))}
      </nav>
      <form method="get" action="/console/products" className="mb-4 flex flex-wrap gap-2" role="search">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <Input name="q" defaultValue={q ?? ""} placeholder={t("searchPlaceholder")} aria-label={t("search")} className="w-56" data-testid="products-search" />
        <Select name="category" defaultValue={categoryId ?? ""} aria-label={t("category")} className="w-44" data-testid="products-category-filter">
          <option value="">{t("allCategories")}</option>
          {categories.map((cat) => (
            <option key={cat.id} value={cat.id}>
              {cat.name}
            </option>
          ))}
        </Select>
        <Button type="submit" variant="outline" data-testid="products-search-submit">
          {t("search")}
        </Button>
        {q || categoryId ? (
          <Button asChild variant="ghost">
            <Link href={href({ q: undefined, category: undefined })}>{t("clearFilters")}</Link>
          </Button>
        ) : null}
      </form>
      {list.items.length === 0 ? (
        <EmptyState title={q || categoryId || status ? t("noMatch") : t("empty")}>
          {canWrite && !q && !categoryId && !status ? (
            <Button asChild size="sm">
              <Link href="/console/products/new">{t("new")}</Link>
            </Button>
          ) : null}
        </EmptyState>
      ) : (
        <ProductTable items={list.items} canWrite={canWrite} locale={locale} />
      )}
      <div className="mt-4 flex items-center justify-between text-sm text-slate-600" data-testid="products-pagination">
        <span>{t("pageOf", { page, pages, total: list.total })}</span>
        <div className="flex gap-2">
          {page > 1 ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href({ page: String(page - 1) })} data-testid="products-page-prev">
                {t("prev")}
              </Link>
            </Button>
          ) : null}
          {page < pages ? (
            <Button asChild variant="outline" size="sm">
              <Link href={href({ page: String(page + 1) })} data-testid="products-page-next">
                {t("next")}
              </Link>
            </Button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
