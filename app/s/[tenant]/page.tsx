import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { withTenant } from "@/packages/db/src/context";
import { storefrontCatalog } from "@/packages/db/src/queries/catalog";
import { formatFen } from "@/packages/core/src/money";
import { getDb } from "@/packages/server/src/db";
import { storefrontTenant } from "./tenant";

export default async function StorefrontHome({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: key } = await params;
  const tenant = await storefrontTenant(key);
  if (!tenant) notFound();
  const t = await getTranslations("storefront");
  const locale = await getLocale();
  const { categories, products } = await withTenant(await getDb(), tenant.id, (tx) => storefrontCatalog(tx, tenant.id));
  return (
    <div>
      <section className="m-3 rounded-brand bg-gradient-to-br from-brand to-accent p-5 text-brand-foreground">
        <p className="text-lg font-semibold">{tenant.name}</p>
        <p className="mt-1 text-sm opacity-90">{products.length} · {categories.map((c) => c.name).slice(0, 3).join(" · ")}</p>
      </section>
      <nav id="categories" className="flex gap-2 overflow-x-auto px-3 py-2" aria-label={t("category")}>
        <a href="#all" className="shrink-0 rounded-full bg-brand px-3 py-1 text-sm text-brand-foreground">
          {t("all")}
        </a>
        {categories.map((c) => (
          <a key={c.id} href={`#cat-${c.id}`} className="shrink-0 rounded-full border border-black/10 bg-white px-3 py-1 text-sm">
            {c.name}
          </a>
        ))}
      </nav>
      <div id="all" className="space-y-4 px-3 pb-6">
        {categories.map((c) => {
          const items = products.filter((p) => p.categoryId === c.id);
          if (!items.length) return null;
          return (
            <section key={c.id} id={`cat-${c.id}`}>
              <h2 className="mb-2 mt-3 font-semibold">{c.name}</h2>
              <ul className="grid grid-cols-2 gap-3">
                {items.map((p) => (
                  <li key={p.id} className="overflow-hidden rounded-brand bg-white shadow-sm ring-1 ring-black/5" data-testid="product-card">
                    {p.images[0] ? (
                      // eslint-disable-next-line @next/next/no-img-element -- our own /api/media bytes, cached immutable
                      <img src={p.images[0]} alt="" className="aspect-square w-full bg-black/[0.03] object-cover" loading="lazy" data-testid="product-cover" />
                    ) : (
                      <div className="flex aspect-square items-center justify-center bg-black/[0.03] text-5xl" aria-hidden>
                        {p.emoji ?? "🛍️"}
                      </div>
                    )}
                    <div className="space-y-1 p-2.5">
                      <p className="line-clamp-2 text-sm font-medium leading-snug">{p.name}</p>
                      <p className="line-clamp-1 text-xs text-slate-500">{p.subtitle}</p>
                      <p className="flex items-baseline justify-between">
                        <span className="font-semibold text-brand" data-testid="product-price">
                          {formatFen(p.minPriceFen, locale)}
                          <span className="ml-0.5 text-xs font-normal text-slate-500">{t("from")}</span>
                        </span>
                        {p.stock === 0 ? <span className="text-xs text-slate-400">{t("soldOut")}</span> : null}
                      </p>
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      <p className="pb-4 text-center text-xs text-slate-400">{t("poweredBy")}</p>
    </div>
  );
}
