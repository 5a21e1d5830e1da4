import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { PageView } from "@/components/storefront/blocks";
import { DesignFrame } from "@/components/storefront/design-frame";
import { SearchBox } from "@/components/storefront/search-box";
import { decoratedPage } from "../../design";
import { storefrontPage, type StorefrontParams } from "../../tenant";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<StorefrontParams> }): Promise<Metadata> {
  const { locale } = await storefrontPage(await params);
  const t = await getTranslations({ locale, namespace: "storefront" });
  return { title: t("category") };
}

/** 分类: the release's decorated category page (a category's products are the search page's ?c=). */
export default async function CategoryPage({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ preview?: string | string[] }> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  const { base, design, ctx } = await decoratedPage(route, sp, "category");
  const s = await getTranslations("shop");
  return (
    <DesignFrame design={design}>
      <SearchBox action={`${base}/search`} placeholder={s("search")} />
      <div className="pt-1 pb-4">{design.doc ? <PageView doc={design.doc} data={design.data} ctx={ctx} /> : null}</div>
    </DesignFrame>
  );
}
