import { getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { withTenant } from "@/packages/db/src/context";
import { listAddresses } from "@/packages/db/src/queries/addresses";
import { cartView, checkoutLines } from "@/packages/db/src/queries/cart";
import { getStoreSettings } from "@/packages/db/src/queries/store";
import { getDb } from "@/packages/server/src/db";
import { formatFen } from "@/packages/core/src/money";
import { orderTotals } from "@/packages/orders/src/money";
import { CheckoutForm } from "@/components/storefront/checkout-form";
import { LineItem } from "@/components/storefront/line-item";
import { EmptyState } from "@/components/ui/card";
import { requireShopper, storefrontBase, storefrontTenant } from "../tenant";

/** Confirm order: ?sku=&qty= (buy now, with ?ref= from a share link) or ?from=cart. */
export default async function CheckoutPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<{ sku?: string; qty?: string; ref?: string; from?: string }> }) {
  const [{ tenant: key }, sp] = await Promise.all([params, searchParams]);
  const tenant = await storefrontTenant(key);
  if (!tenant) notFound();
  const base = await storefrontBase(tenant.slug);
  const user = await requireShopper(`${base}/checkout?${new URLSearchParams(sp as Record<string, string>)}`);
  const t = await getTranslations("shop");
  const locale = await getLocale();
  const fromCart = sp.from === "cart";
  const data = await withTenant(
    await getDb(),
    tenant.id,
    async (tx) => {
      const settings = await getStoreSettings(tx, tenant.id);
      const cart = fromCart ? (await cartView(tx, tenant.id, user.id)).filter((l) => l.status === "on_sale" && l.stock >= l.quantity) : [];
      const cartRef = cart.find((l) => l.refCode)?.refCode ?? null;
      const wanted = fromCart
        ? cart.map((l) => ({ skuId: l.skuId, quantity: l.quantity }))
        : [{ skuId: sp.sku ?? "", quantity: Math.max(1, Math.min(999, Math.trunc(Number(sp.qty) || 1))) }];
      const lines = (await checkoutLines(tx, tenant.id, wanted)).filter((l) => l.status === "on_sale");
      return { settings, lines, cartRef, addresses: await listAddresses(tx, tenant.id, user.id) };
    },
    user.id,
  );
  if (!data.lines.length) {
    return (
      <div className="p-3">
        <EmptyState title={t("cartEmpty")} />
      </div>
    );
  }
  const totals = orderTotals(
    data.lines.map((l) => ({ unitPriceFen: l.priceFen, quantity: l.quantity })),
    { flatFen: data.settings.shippingFlatFen, freeFromFen: data.settings.freeShippingFromFen },
  );
  // The share link the shopper came through (buy now), or the one a cart line was added through.
  const refCode = sp.ref?.slice(0, 32) || data.cartRef;
  return (
    <div className="space-y-3 p-3 pb-32">
      <h1 className="text-lg font-semibold">{t("confirmOrder")}</h1>
      <section className="divide-y divide-black/5 rounded-brand bg-white px-4 py-2 shadow-sm ring-1 ring-black/5" data-testid="checkout-lines">
        {data.lines.map((l) => (
          <LineItem key={l.skuId} name={l.productName} spec={l.spec} images={l.images} emoji={l.emoji} priceFen={l.priceFen} quantity={l.quantity} locale={locale} />
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
          {data.settings.freeShippingFromFen !== null && totals.shippingFen > 0 ? (
            <p className="text-xs text-slate-400">{t("freeShippingFrom", { amount: formatFen(data.settings.freeShippingFromFen, locale) })}</p>
          ) : null}
        </dl>
      </section>
      <CheckoutForm
        shop={decodeURIComponent(key)}
        base={base}
        items={data.lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity }))}
        addresses={data.addresses}
        totalFen={totals.totalFen}
        refCode={refCode}
        fromCart={fromCart}
      />
    </div>
  );
}
