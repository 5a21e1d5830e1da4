"use client";

import { useQuery } from "@tanstack/react-query";
import { PackageX } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useParams } from "next/navigation";
import { ProductCard } from "@/components/storefront/product-card";
import { useTRPC } from "@/components/trpc";

/**
 * A link to a product taken off sale or deleted (HTTP 404), inside the
 * shop's own layout and theme: it says so and offers products of the same
 * category (else the shop's first ones). A client component: a server
 * not-found.tsx gets no params and would have to read the language from the
 * request, a dynamic API that breaks the cached product render; here the
 * route's params give the shop and the layout's provider the language.
 */
export default function ProductGone() {
  const t = useTranslations("storefront");
  const locale = useLocale();
  const trpc = useTRPC();
  const { tenant, view, id } = useParams<{ tenant: string; view: string; id: string }>();
  const shop = decodeURIComponent(tenant);
  const base = view.endsWith("~host") ? "" : `/s/${shop}`;
  const similar = useQuery(trpc.shop.similar.queryOptions({ shop, productId: id }));
  return (
    <div className="space-y-5 p-6" data-testid="product-gone">
      <div className="space-y-3 pt-4 text-center">
        <PackageX className="mx-auto h-12 w-12 text-slate-300" aria-hidden />
        <p className="text-lg font-semibold">{t("offSale")}</p>
        <a href={base || "/"} className="inline-block rounded-brand bg-brand px-4 py-2 text-sm text-brand-foreground" data-testid="product-gone-home">
          {t("backHome")}
        </a>
      </div>
      {similar.data?.length ? (
        <section>
          <h2 className="mb-2 text-sm font-medium text-slate-600">{t("similar")}</h2>
          <ul className="grid grid-cols-2 gap-3" data-testid="similar-products">
            {similar.data.map((p) => (
              <ProductCard key={p.id} p={p} href={`${base}/p/${p.id}`} locale={locale} fromLabel={t("from")} soldOutLabel={t("soldOut")} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
