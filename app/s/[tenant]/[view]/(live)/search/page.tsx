import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { isUuid } from "@/packages/core/src/errors";
import { withTenant } from "@/packages/db/src/context";
import { searchProducts, storefrontCategories } from "@/packages/db/src/queries/catalog";
import { getDb } from "@/packages/server/src/db";
import { ProductCard } from "@/components/storefront/product-card";
import { SearchBox } from "@/components/storefront/search-box";
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { storefrontPage, type StorefrontParams } from "../../tenant";

const PAGE = 40;

/** Category list and search: ?c={category}&q={text}&page={n}. */
export default async function SearchPage({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ q?: string; c?: string; page?: string }> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  const { tenant, base } = await storefrontPage(route);
  const t = await getTranslations("storefront");
  const s = await getTranslations("shop");
  const locale = await getLocale();
  const q = sp.q?.trim().slice(0, 60) || null;
  const categoryId = isUuid(sp.c) ? sp.c : null;
  const page = Math.max(1, Math.min(1000, Number(sp.page) || 1));
  const { categories, products } = await withTenant(await getDb(), tenant.id, async (tx) => ({
    categories: await storefrontCategories(tx, tenant.id),
    products: await searchProducts(tx, tenant.id, { q, categoryId, limit: PAGE + 1, offset: (page - 1) * PAGE }),
  }));
  const link = (over: Record<string, string | number | null>) => {
    const u = new URLSearchParams();
    const v = { q, c: categoryId, page: null, ...over };
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== "") u.set(k, String(x));
    return `${base}/search?${u}`;
  };
  return (
    <div>
      <SearchBox action={`${base}/search`} q={q ?? ""} placeholder={s("search")} />
      <nav className="flex gap-2 overflow-x-auto px-3 py-2" aria-label={t("category")}>
        <Link href={link({ c: null })} className={cn("shrink-0 rounded-full px-3 py-1 text-sm", !categoryId ? "bg-brand text-brand-foreground" : "border border-black/10 bg-white")}>
          {t("all")}
        </Link>
        {categories.map((c) => (
          <Link
            key={c.id}
            href={link({ c: c.id })}
            aria-current={c.id === categoryId ? "page" : undefined}
            className={cn("shrink-0 rounded-full px-3 py-1 text-sm", c.id === categoryId ? "bg-brand text-brand-foreground" : "border border-black/10 bg-white")}
          >
            {c.name}
          </Link>
        ))}
      </nav>
      {q ? <h1 className="px-3 pb-1 text-sm text-slate-600">{s("searchResults", { q })}</h1> : null}
      {products.length === 0 ? (
        <div className="p-3">
          <EmptyState title={s("noResults")} />
        </div>
      ) : (
        <ul className="grid grid-cols-2 gap-3 px-3 pb-4">
          {products.slice(0, PAGE).map((p) => (
            <ProductCard key={p.id} p={p} href={`${base}/p/${p.id}`} locale={locale} fromLabel={t("from")} soldOutLabel={t("soldOut")} />
          ))}
        </ul>
      )}
      {products.length > PAGE ? (
        <p className="pb-4 text-center">
          <Link href={link({ page: page + 1 })} className="text-sm text-brand underline">
            {s("more")}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
