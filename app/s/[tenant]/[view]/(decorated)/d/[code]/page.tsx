import { cache } from "react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageView } from "@/components/storefront/blocks";
import { RefBinder } from "@/components/storefront/ref-binder";
import { SearchBox } from "@/components/storefront/search-box";
import { withTenant } from "@/packages/db/src/context";
import { publicShopWithPicks } from "@/packages/db/src/queries/personal-shops";
import { getDb } from "@/packages/server/src/db";
import { decoratedPage } from "../../../design";
import type { StorefrontParams } from "../../../tenant";

export const dynamic = "force-dynamic";

type Params = StorefrontParams & { code: string };

/** The page and its metadata share one read per request (React cache). */
const load = cache(async (tenant: string, view: string, rawCode: string) => {
  const page = await decoratedPage({ tenant, view }, undefined, "home");
  const found = await withTenant(await getDb(), page.tenant.id, (tx) => publicShopWithPicks(tx, page.tenant.id, decodeURIComponent(rawCode)));
  if (!found) notFound();
  const { picks, ...shop } = found;
  return { ...page, shop, picks };
});

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const route = await params;
  const { shop, tenant, locale } = await load(route.tenant, route.view, route.code);
  const t = await getTranslations({ locale, namespace: "personalShop" });
  return { title: shop.shop.title || t("shopOf", { name: shop.name }), description: tenant.name };
}

/**
 * A distributor's personal shop (PRODUCT.md §6.3): the merchant's home with
 * the distributor's approved banner, title, picks and colour on top. A visit
 * binds the visitor to the distributor as their share link does.
 */
export default async function DistributorShop({ params }: { params: Promise<Params> }) {
  const route = await params;
  const { tenant, base, design, ctx, shop, picks, shop: s } = await load(route.tenant, route.view, route.code);
  const t = await getTranslations("personalShop");
  const sh = await getTranslations("shop");
  const colour = s.shop.colour ? `var(--brand-${s.shop.colour === "foreground" ? "foreground" : s.shop.colour})` : "var(--brand-primary)";
  return (
    <div data-testid="distributor-shop" data-code={shop.code}>
      <RefBinder shop={tenant.slug} base={base} protectionDays={tenant.protectionDays} code={shop.code} />
      <section className="relative m-3 overflow-hidden rounded-brand text-white" style={{ background: colour }}>
        {s.shop.banner ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={s.shop.banner} alt="" width={750} height={375} className="aspect-[2/1] w-full object-cover opacity-90" />
        ) : null}
        <div className={s.shop.banner ? "absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/60 to-transparent p-4" : "p-5"}>
          <h1 className="text-lg font-semibold" data-testid="distributor-shop-title">
            {s.shop.title || t("shopOf", { name: shop.name })}
          </h1>
          <p className="mt-0.5 text-xs opacity-90">{t("recommendedBy", { name: shop.name, shop: tenant.name })}</p>
        </div>
      </section>
      {picks ? (
        <section aria-label={t("picks")}>
          <h2 className="px-3 pt-2 text-sm font-semibold">{t("picks")}</h2>
          <PageView doc={picks.doc} data={picks.data} ctx={ctx} />
        </section>
      ) : null}
      <SearchBox action={`${base}/search`} placeholder={sh("search")} />
      {design.doc ? <PageView doc={design.doc} data={design.data} ctx={ctx} /> : null}
    </div>
  );
}
