import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatFen } from "@/packages/core/src/money";
import { LineItem } from "@/components/storefront/line-item";
import { EmptyState } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { shopperPage, type StorefrontParams } from "../../tenant";

const TABS = ["created", "paid", "shipped", "received", "after_sale"] as const;

export default async function OrdersPage({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ status?: string }> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  const { shop, base, api } = await shopperPage(route, "/orders");
  const status = (TABS as readonly string[]).includes(sp.status ?? "") ? (sp.status as (typeof TABS)[number]) : null;
  const { orders } = await api.shop.orders({ shop, status });
  const t = await getTranslations("shop");
  const locale = await getLocale();
  return (
    <div className="space-y-3 p-3">
      <h1 className="text-lg font-semibold">{t("myOrders")}</h1>
      <nav className="flex gap-1 overflow-x-auto text-sm" aria-label={t("myOrders")}>
        {[null, ...TABS].map((s) => (
          <Link
            key={s ?? "all"}
            href={s ? `${base}/orders?status=${s}` : `${base}/orders`}
            aria-current={s === status ? "page" : undefined}
            className={cn("shrink-0 rounded-full px-3 py-1", s === status ? "bg-brand text-brand-foreground" : "bg-white ring-1 ring-black/10")}
          >
            {s ? t(`status.${s}` as never) : t("allOrders")}
          </Link>
        ))}
      </nav>
      {orders.length === 0 ? (
        <EmptyState title={t("noOrders")} />
      ) : (
        <ul className="space-y-3">
          {orders.map((o) => (
            <li key={o.id} className="rounded-brand bg-white px-4 py-2 shadow-sm ring-1 ring-black/5" data-testid="order-card">
              <Link href={`${base}/orders/${o.id}`} className="block">
                <p className="flex justify-between py-1 text-xs">
                  <span className="text-slate-500">{t("orderNo", { no: o.no })}</span>
                  <span className="font-medium text-brand">{t(`status.${o.status}` as never)}</span>
                </p>
                {o.lines.slice(0, 2).map((l) => (
                  <LineItem key={l.id} name={l.productName} spec={l.spec} images={l.image?.startsWith("/") ? [l.image] : []} priceFen={l.unitPriceFen} quantity={l.quantity} locale={locale} />
                ))}
                <p className="py-1 text-right text-sm">
                  {t("total")} <strong>{formatFen(o.totalFen, locale)}</strong>
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
