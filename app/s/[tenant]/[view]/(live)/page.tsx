import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { PageView, shopHref } from "@/components/storefront/blocks";
import { DesignFrame } from "@/components/storefront/design-frame";
import { SearchBox } from "@/components/storefront/search-box";
import { showsPoweredBy } from "@/packages/payments/src/plans";
import { decoratedPage } from "../design";
import type { StorefrontParams } from "../tenant";

// The live release over the catalogue as it is now (not cached like the product page); ?preview= shows the drafts.
export const dynamic = "force-dynamic";

/** The shop's home: its decorated home page (PRODUCT.md §6.2) under the search box. */
export default async function StorefrontHome({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ preview?: string | string[] }> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  const { tenant, base, design, ctx } = await decoratedPage(route, sp, "home");
  const t = await getTranslations("storefront");
  const s = await getTranslations("shop");
  const b = await getTranslations("blocks");
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
