import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { orNotFound } from "@/lib/not-found";
import { Breadcrumbs } from "@/components/console/shell";
import { MerchantRefundForm, RefundDecision, ShipForm } from "@/components/console/order-actions";
import { OrderStatusBadge } from "@/components/console/order-status-badge";
import { OrderTimeline } from "@/components/storefront/order-timeline";
import { Badge, Section } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";
import { isUuid } from "@/packages/core/src/errors";
import { formatFen } from "@/packages/core/src/money";
import { can } from "@/packages/tenancy/src/roles";

export default async function OrderDetailPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { active, caller } = await consoleFrame(`/console/orders/${id}`);
  if (!active) redirect("/console");
  if (!isUuid(id)) notFound();
  const [{ tenant, role }, d] = await Promise.all([
    caller.tenant.current(),
    orNotFound(caller.orders.detail({ orderId: id })),
  ]);
  const t = await getTranslations("orders");
  const c = await getTranslations("console");
  const s = await getTranslations("shop");
  const locale = await getLocale();
  const o = d.order;
  const fen = (n: number) => formatFen(n, locale);
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone });
  const canShip = can(role, "orders.write") && o.status === "paid";
  const canRefund = can(role, "orders.refund");
  const open = d.refunds.filter((r) => r.status === "requested" || r.status === "failed");
  const refundLines = d.lines.map((l) => ({ id: l.id, name: l.productName, spec: l.spec.join(" / "), left: l.quantity - l.restockedQty }));
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: c("title"), href: "/console" }, { label: t("title"), href: "/console/orders" }, { label: o.no }]} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{t("detail", { no: o.no })}</h1>
        <OrderStatusBadge status={o.status} />
        <span className="text-sm text-slate-500">{fmt.format(o.createdAt)}</span>
      </div>
      <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
        <div className="space-y-4">
          <Section title={t("items")}>
            <table className="w-full text-sm">
              <tbody className="divide-y divide-slate-100">
                {d.lines.map((l) => (
                  <tr key={l.id}>
                    <td className="py-2">
                      {l.productName}
                      <span className="block text-xs text-slate-500">
                        {l.spec.join(" / ")} · {l.skuCode}
                      </span>
                    </td>
                    <td className="py-2 text-right tabular-nums">
                      {fen(l.unitPriceFen)} × {l.quantity}
                      <span className="block text-xs text-slate-400">{t("margin", { cost: fen(l.unitCostFen * l.quantity), margin: fen(l.lineTotalFen - l.unitCostFen * l.quantity) })}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <dl className="mt-2 space-y-1 border-t border-slate-100 pt-2 text-sm">
              <div className="flex justify-between"><dt className="text-slate-500">{s("subtotal")}</dt><dd>{fen(o.subtotalFen)}</dd></div>
              <div className="flex justify-between"><dt className="text-slate-500">{s("shipping")}</dt><dd>{fen(o.shippingFen)}</dd></div>
              <div className="flex justify-between font-medium"><dt>{t("paid")}</dt><dd data-testid="detail-paid">{fen(o.paidFen)}</dd></div>
              {o.refundedFen ? (
                <div className="flex justify-between text-red-600"><dt>{t("refunded")}</dt><dd data-testid="detail-refunded">{fen(o.refundedFen)}</dd></div>
              ) : null}
            </dl>
            {o.paidFen ? (
              <Link href={`/console/distribution/commissions?order=${o.id}`} className="mt-2 inline-block text-sm text-emerald-700 hover:underline" data-testid="order-commissions">
                {t("commissionsLink")}
              </Link>
            ) : null}
          </Section>
          {canShip ? (
            <Section title={t("ship")}>
              <ShipForm orderId={o.id} />
            </Section>
          ) : null}
          {d.disputes.length ? (
            <Section title={t("disputes")}>
              <ul className="space-y-2 text-sm" data-testid="order-disputes">
                {d.disputes.map((x) => (
                  <li key={x.id} className="rounded-md border border-slate-200 p-3" data-testid="order-dispute" data-status={x.status}>
                    <p className="flex flex-wrap items-center gap-2">
                      <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${x.status === "open" ? "bg-red-50 text-red-700" : x.status === "won" ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-600"}`}>
                        {t(`disputeStatus.${x.status}` as never)}
                      </span>
                      <span>{t("disputeLine", { amount: fen(x.amountFen), reason: t.has(`disputeReason.${x.reason}` as never) ? t(`disputeReason.${x.reason}` as never) : x.reason || "—", time: fmt.format(x.openedAt) })}</span>
                    </p>
                    {x.status === "open" ? <p className="mt-1 text-xs text-slate-500">{t("disputeHold")}</p> : null}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {d.refunds.length || (canRefund && d.refundableFen > 0 && o.status !== "refund_requested") ? (
            <Section title={t("refunds")}>
              <ul className="space-y-4">
                {d.refunds.map((r) => (
                  <li key={r.id} className="space-y-2 rounded-md border border-slate-200 p-3 text-sm" data-testid="refund-item" data-status={r.status}>
                    <p className="flex flex-wrap items-center gap-2">
                      <Badge>{t(`kind.${r.kind}` as never)}</Badge>
                      <span>{t("requested", { amount: fen(r.requestedFen) })}</span>
                      <span className="text-slate-500">· {s(`refundStatus.${r.status}` as never)}</span>
                      {r.amountFen && r.status === "succeeded" ? <span className="font-medium">{fen(r.amountFen)}</span> : null}
                      {r.origin !== "app" ? (
                        <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800" data-testid="refund-origin" data-origin={r.origin}>
                          {t(`origin.${r.origin}` as never)}
                        </span>
                      ) : null}
                    </p>
                    {r.origin !== "app" && r.completedAt ? (
                      <p className="text-xs text-slate-500">{t("outsideAt", { provider: t(`provider.${d.payments.find((p) => p.id === r.paymentId)?.provider ?? "stripe"}` as never), time: fmt.format(r.completedAt) })}</p>
                    ) : null}
                    {r.reason ? <p className="text-slate-600">{r.reason}</p> : null}
                    {r.refusalReason ? <p className="text-slate-500">{t("refuseReason")}: {r.refusalReason}</p> : null}
                    {r.failureReason ? <p className="text-red-600">{r.failureReason}</p> : null}
                    {r.photos.length ? (
                      <div className="flex gap-2">
                        {r.photos.map((p) => (
                          <a key={p} href={p} target="_blank" rel="noreferrer">
                            {/* eslint-disable-next-line @next/next/no-img-element */}
                            <img src={p} alt={t("photos")} className="h-16 w-16 rounded object-cover ring-1 ring-slate-200" />
                          </a>
                        ))}
                      </div>
                    ) : null}
                    {canRefund && open.some((x) => x.id === r.id) ? <RefundDecision refundId={r.id} requestedFen={r.requestedFen} restockDefault={r.restock} wholeDefault={r.kind === "return" || r.requestedFen >= d.refundableFen} lines={refundLines} /> : null}
                  </li>
                ))}
              </ul>
              {canRefund && d.refundableFen > 0 && ["paid", "shipped", "received"].includes(o.status) ? (
                <div className="mt-4 border-t border-slate-100 pt-4">
                  <h3 className="mb-2 text-sm font-medium">{t("refundTitle")}</h3>
                  <MerchantRefundForm orderId={o.id} maxFen={d.refundableFen} maxLabel={fen(d.refundableFen)} lines={refundLines} />
                </div>
              ) : null}
            </Section>
          ) : null}
        </div>
        <div className="space-y-4">
          <Section title={t("recipient")}>
            <p className="text-sm">
              {o.address.name} {o.address.phone}
              <span className="block text-slate-500">
                {o.address.province} {o.address.city} {o.address.district} {o.address.detail}
              </span>
            </p>
            <p className="mt-2 text-sm text-slate-500">{t("buyer")}: {o.buyerName}</p>
            {o.note ? <p className="mt-1 text-sm">“{o.note}”</p> : null}
            <p className="mt-1 text-xs text-slate-500">{o.refCode ? t("ref", { code: o.refCode }) : o.attribution ? null : t("noRef")}</p>
            {o.attribution ? (
              <p className="mt-1 text-xs text-slate-500" data-testid="order-attribution" data-via={o.attribution}>
                {t("attribution", { via: o.attribution, name: d.attributedTo ? `${d.attributedTo.name}${d.attributedTo.code ? ` · ${d.attributedTo.code}` : ""}` : "—" })}
              </p>
            ) : null}
            {o.carrier ? <p className="mt-1 text-sm">{o.carrier} · {o.trackingNo}</p> : null}
          </Section>
          <Section title={t("payments")}>
            <ul className="space-y-1 text-sm">
              {d.payments.map((p) => (
                <li key={p.id} className="flex justify-between">
                  <span>{t(`provider.${p.provider}` as never)}</span>
                  <span>
                    {fen(p.amountFen)} · {t(`paymentStatus.${p.status}` as never)}
                  </span>
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t("timeline")}>
            <OrderTimeline events={d.events} locale={locale} timeZone={tenant.timeZone} />
          </Section>
        </div>
      </div>
    </div>
  );
}
