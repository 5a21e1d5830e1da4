import { getLocale, getTranslations } from "next-intl/server";
import { CheckCircle2 } from "lucide-react";
import { formatFen } from "@/packages/core/src/money";
import { LineItem } from "@/components/storefront/line-item";
import { OrderActions } from "@/components/storefront/order-actions";
import { OrderTimeline } from "@/components/storefront/order-timeline";
import { orNotFound } from "@/lib/not-found";
import { shopperPage, type StorefrontParams } from "../../../tenant";

export default async function OrderPage({ params, searchParams }: { params: Promise<StorefrontParams & { id: string }>; searchParams: Promise<{ paid?: string }> }) {
  const [route, { paid }] = await Promise.all([params, searchParams]);
  const { id } = route;
  const { tenant, shop, base, api } = await shopperPage(route, `/orders/${id}`);
  const d = await orNotFound(api.shop.order({ shop, orderId: id }));
  const t = await getTranslations("shop");
  const locale = await getLocale();
  const o = d.order;
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone });
  return (
    <div className="space-y-3 p-3 pb-24">
      {paid && o.status === "paid" ? (
        <p role="status" className="flex items-center gap-2 rounded-brand bg-emerald-50 p-3 text-emerald-800" data-testid="paid-banner">
          <CheckCircle2 className="h-5 w-5" aria-hidden /> {t("paid")}
        </p>
      ) : null}
      <section className="rounded-brand bg-brand p-4 text-brand-foreground">
        <p className="text-lg font-semibold" data-testid="order-status" data-status={o.status}>
          {t(`status.${o.status}` as never)}
        </p>
        {o.status === "created" ? <p className="mt-1 text-xs opacity-90">{t("payBy", { time: fmt.format(o.expiresAt) })}</p> : null}
        {o.carrier ? <p className="mt-1 text-xs opacity-90">{t("tracking", { carrier: o.carrier, no: o.trackingNo ?? "" })}</p> : null}
      </section>
      <section className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
        <p className="font-medium">
          {o.address.name} {o.address.phone}
        </p>
        <p className="text-slate-500">
          {o.address.province} {o.address.city} {o.address.district} {o.address.detail}
        </p>
      </section>
      <section className="divide-y divide-black/5 rounded-brand bg-white px-4 py-2 shadow-sm ring-1 ring-black/5">
        {d.lines.map((l) => (
          <LineItem key={l.id} name={l.productName} spec={l.spec} images={l.image?.startsWith("/") ? [l.image] : []} priceFen={l.unitPriceFen} quantity={l.quantity} locale={locale} />
        ))}
        <dl className="space-y-1 py-2 text-sm">
          <div className="flex justify-between"><dt className="text-slate-500">{t("subtotal")}</dt><dd>{formatFen(o.subtotalFen, locale)}</dd></div>
          <div className="flex justify-between"><dt className="text-slate-500">{t("shipping")}</dt><dd>{o.shippingFen ? formatFen(o.shippingFen, locale) : t("freeShipping")}</dd></div>
          <div className="flex justify-between font-medium"><dt>{t("total")}</dt><dd data-testid="order-total">{formatFen(o.totalFen, locale)}</dd></div>
          {o.refundedFen > 0 ? (
            <div className="flex justify-between text-red-600"><dt>{t("event.approve_refund")}</dt><dd data-testid="order-refunded">-{formatFen(o.refundedFen, locale)}</dd></div>
          ) : null}
        </dl>
        <p className="py-2 text-xs text-slate-400">{t("orderNo", { no: o.no })}</p>
      </section>
      {d.refunds.length ? (
        <section className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
          <h2 className="mb-2 font-medium">{t("refunds")}</h2>
          <ul className="space-y-1">
            {d.refunds.map((r) => (
              <li key={r.id} className="flex justify-between" data-testid="refund-row">
                <span>{r.reason}</span>
                <span>
                  {formatFen(r.amountFen ?? r.requestedFen, locale)} · {t(`refundStatus.${r.status}` as never)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <OrderActions
        shop={shop}
        base={base}
        orderId={o.id}
        status={o.status}
        canReturn={d.canRequestReturn}
        refundableFen={d.refundableFen}
        refundableLabel={formatFen(d.refundableFen, locale)}
        returnDays={d.returnWindowDays}
      />
      <section className="rounded-brand bg-white p-4 shadow-sm ring-1 ring-black/5">
        <h2 className="mb-3 font-medium">{t("timeline")}</h2>
        <OrderTimeline events={d.events} locale={locale} timeZone={tenant.timeZone} />
      </section>
    </div>
  );
}
