import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { PageView, shopHref } from "@/components/storefront/blocks";
import { DesignFrame } from "@/components/storefront/design-frame";
import { SearchBox } from "@/components/storefront/search-box";
import { showsPoweredBy } from "@/packages/payments/src/plans";
import { decoratedPage } from "../design";
import { storefrontPage, type StorefrontParams } from "../tenant";

/**
 * The decorated pages, drawn once for two routes: the live release's (a
 * cached render: ./page.tsx, ./category, ./pages/[pageSlug]) and the drafts
 * behind a preview link (./preview/…, rendered per request; proxy.ts sends
 * an address with ?preview= there).
 */

/** The shop's home: its decorated home page (PRODUCT.md §6.2) under the search box. */
export async function HomeView({ route, token }: { route: StorefrontParams; token?: string }) {
  const { tenant, base, design, ctx } = await decoratedPage(route, token, "home");
  const [t, s, b] = await Promise.all([getTranslations("storefront"), getTranslations("shop"), getTranslations("blocks")]);
  return (
    <DesignFrame design={design}>
      <SearchBox action={`${base}/search`} placeholder={s("search")} />
      <div className="pt-1">{design.doc ? <PageView doc={design.doc} data={design.data} ctx={ctx} /> : null}</div>
      <p className="py-4 text-center">
        <Link href={shopHref(`${base}/search`, ctx)} className="text-sm text-brand underline" data-testid="home-all-products">
          {b("moreProducts")}
        </Link>
      </p>
      {showsPoweredBy(tenant.plan) ? (
        <p className="pb-4 text-center text-xs text-slate-400" data-testid="powered-by">
          {t("poweredBy")}
        </p>
      ) : null}
    </DesignFrame>
  );
}

export async function categoryMetadata(route: StorefrontParams): Promise<Metadata> {
  const { locale } = await storefrontPage(route);
  const t = await getTranslations({ locale, namespace: "storefront" });
  return { title: t("category") };
}

/** 分类: the release's decorated category page (a category's products are the search page's ?c=). */
export async function CategoryView({ route, token }: { route: StorefrontParams; token?: string }) {
  const { base, design, ctx } = await decoratedPage(route, token, "category");
  const s = await getTranslations("shop");
  return (
    <DesignFrame design={design}>
      <SearchBox action={`${base}/search`} placeholder={s("search")} />
      <div className="pt-1 pb-4">{design.doc ? <PageView doc={design.doc} data={design.data} ctx={ctx} /> : null}</div>
    </DesignFrame>
  );
}

export type LandingParams = StorefrontParams & { pageSlug: string };

/** A slug no landing page can have answers 404 without a read. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export async function landingMetadata(route: LandingParams, token?: string): Promise<Metadata> {
  if (!SLUG.test(route.pageSlug)) return {};
  const { design } = await decoratedPage(route, token, "landing", route.pageSlug);
  return design.doc?.title ? { title: design.doc.title } : {};
}

/** A landing page of the release (/pages/{slug}); one the release does not have is a 404 inside the shop. */
export async function LandingView({ route, token }: { route: LandingParams; token?: string }) {
  if (!SLUG.test(route.pageSlug)) notFound();
  const { design, ctx } = await decoratedPage(route, token, "landing", route.pageSlug);
  if (!design.doc) notFound();
  return (
    <DesignFrame design={design}>
      {design.doc.title ? <h1 className="px-3 pb-1 pt-3 text-lg font-semibold">{design.doc.title}</h1> : null}
      <div className="pb-4">
        <PageView doc={design.doc} data={design.data} ctx={ctx} />
      </div>
    </DesignFrame>
  );
}
