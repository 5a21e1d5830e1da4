import { cookies } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import { REF_COOKIE, refFromQuery } from "@/packages/core/src/referral-cookie";
import { keptRef } from "@/packages/server/src/referral";
import { formatFen } from "@/packages/core/src/money";
import { CheckoutForm } from "@/components/storefront/checkout-form";
import { LineItem } from "@/components/storefront/line-item";
import { EmptyState } from "@/components/ui/card";
import { shopperPage, type StorefrontParams } from "../../tenant";

/** Confirm order: ?sku=&qty= (buy now, with ?ref= from a share link) or ?from=cart. */
export default async function CheckoutPage({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ sku?: string; qty?: string; ref?: string; via?: string; from?: string }> }) {
  const [route, sp, jar] = await Promise.all([params, searchParams, cookies()]);
  const { shop, base, api } = await shopperPage(route, `/checkout?${new URLSearchParams(sp as Record<string, string>)}`);
  const t = await getTranslations("shop");
  const locale = await getLocale();
  const fromCart = sp.from === "cart";
  // The share code of this visit, else the one kept from the shop's first share-link or QR visit (PRODUCT.md §4.2).
  const ref = refFromQuery(new URLSearchParams(sp as Record<string, string>)) ?? keptRef(jar.get(REF_COOKIE)?.value);
  const data = await api.shop.checkoutPreview({
    shop,
    fromCart,
    items: fromCart || !sp.sku ? [] : [{ skuId: sp.sku.slice(0, 64), quantity: Math.max(1, Math.min(999, Math.trunc(Number(sp.qty) || 1))) }],
    refCode: ref?.code ?? null,
  });
  const totals = data.totals;
  if (!totals) {
    return (
      <div className="p-3">
        <EmptyState title={t("cartEmpty")} />
      </div>
    );
  }
  return (
    <div className="space-y-3 p-3 pb-32">
      <h1 className="text-lg font-semibold">{t("confirmOrder")}</h1>
      <section className="divide-y divide-black/5 rounded-brand bg-white px-4 py-2 shadow-sm ring-1 ring-black/5" data-testid="checkout-lines">
        {data.lines.map((l) => (
          <LineItem key={l.skuId} name={l.productName} spec={l.spec} images={l.images} priceFen={l.priceFen} quantity={l.quantity} locale={locale} />
        ))}
        <dl className="space-y-1 py-2 text-sm">
          <div className="flex justify-between">
            <dt className="text-slate-500">{t("subtotal")}</dt>
            <dd>{formatFen(totals.subtotalFen, locale)}</dd>
          </div>
          <div className="flex justify-between">
            <dt className="text-slate-500">{t("shipping")}</dt>
            <dd data-testid="checkout-shipping">{totals.shippingFen === 0 ? t("freeShipping") : formatFen(totals.shippingFen, locale)}</dd>
          </div>
          {data.freeShippingFromFen !== null && totals.shippingFen > 0 ? (
            <p className="text-xs text-slate-400">{t("freeShippingFrom", { amount: formatFen(data.freeShippingFromFen, locale) })}</p>
          ) : null}
        </dl>
      </section>
      <CheckoutForm
        shop={shop}
        base={base}
        items={data.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }))}
        addresses={data.addresses}
        totalFen={totals.totalFen}
        refCode={data.refCode}
        refVia={ref && data.refCode?.toUpperCase() === ref.code ? ref.via : "link"}
        fromCart={fromCart}
      />
    </div>
  );
}
