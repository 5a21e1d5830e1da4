import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { withTenant } from "@/packages/db/src/context";
import { searchProducts, storefrontCategories } from "@/packages/db/src/queries/catalog";
import { getDb } from "@/packages/server/src/db";
import { ProductCard } from "@/components/storefront/product-card";
import { SearchBox } from "@/components/storefront/search-box";
import { showsPoweredBy } from "@/packages/payments/src/plans";
import { storefrontPage, type StorefrontParams } from "../tenant";

const PAGE = 40;

// Lists the catalogue as it is now (not cached like the product page).
export const dynamic = "force-dynamic";

export default async function StorefrontHome({ params }: { params: Promise<StorefrontParams> }) {
  const route = await params;
  const { tenant, base } = await storefrontPage(route);
  const t = await getTranslations("storefront");
  const s = await getTranslations("shop");
  const locale = await getLocale();
  const { categories, products, counts } = await withTenant(await getDb(), tenant.id, async (tx) => {
    const categories = await storefrontCategories(tx, tenant.id);
    const products = await searchProducts(tx, tenant.id, { limit: PAGE + 1, offset: 0 });
    return { categories, products, counts: products.length };
  });
  return (
    <div>
      <SearchBox action={`${base}/search`} placeholder={s("search")} />
      <section className="m-3 rounded-brand bg-gradient-to-br from-brand to-accent p-5 text-brand-foreground">
        <p className="text-lg font-semibold">{tenant.name}</p>
        <p className="mt-1 text-sm opacity-90">{categories.map((c) => c.name).slice(0, 3).join(" · ")}</p>
      </section>
      <nav id="categories" className="flex gap-2 overflow-x-auto px-3 py-2" aria-label={t("category")}>
        <span className="shrink-0 rounded-full bg-brand px-3 py-1 text-sm text-brand-foreground">{t("all")}</span>
        {categories.map((c) => (
          <Link key={c.id} href={`${base}/search?c=${c.id}`} className="shrink-0 rounded-full border border-black/10 bg-white px-3 py-1 text-sm">
            {c.name}
          </Link>
        ))}
      </nav>
      <ul className="grid grid-cols-2 gap-3 px-3 pb-4" id="all">
        {products.slice(0, PAGE).map((p) => (
          <ProductCard key={p.id} p={p} href={`${base}/p/${p.id}`} locale={locale} fromLabel={t("from")} soldOutLabel={t("soldOut")} />
        ))}
      </ul>
      {counts > PAGE ? (
        <p className="pb-4 text-center">
          <Link href={`${base}/search?page=2`} className="text-sm text-brand underline">
            {s("more")}
          </Link>
        </p>
      ) : null}
      {showsPoweredBy(tenant.plan) ? (
        <p className="pb-4 text-center text-xs text-slate-400" data-testid="powered-by">
          {t("poweredBy")}
        </p>
      ) : null}
    </div>
  );
}
