import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { OrderStatusBadge } from "@/components/console/order-status-badge";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/console/pager";
import { DataTable } from "@/components/ui/table";
import { EmptyState } from "@/components/ui/card";
import { Input } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import { isCalendarDay, zonedMidnight } from "@/packages/core/src/dates";
import { consoleFrame } from "@/lib/console";
import { formatFen } from "@/packages/core/src/money";
import { ORDER_STATUSES } from "@/packages/orders/src/state";

const TABS = ["created", "paid", "shipped", "refund_requested", "received", "completed", "refunded", "cancelled"] as const;
const PAGE_SIZE = 20;

type Search = { status?: string; q?: string; from?: string; to?: string; ref?: string; page?: string };

/** Orders with filters (status, date, shopper, distributor), newest first, a page at a time. */
export default async function OrdersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const { active, caller } = await consoleFrame("/console/orders");
  if (!active) redirect("/console");
  const t = await getTranslations("orders");
  const c = await getTranslations("console");
  const s = await getTranslations("shop");
  const locale = await getLocale();
  const status = (ORDER_STATUSES as readonly string[]).includes(sp.status ?? "") ? (sp.status as (typeof ORDER_STATUSES)[number]) : null;
  // A day that does not exist (?from=2024-13-01) is ignored, not an Invalid Date that fails the page.
  const day = (v?: string) => (v && isCalendarDay(v) ? v : null);
  const from = day(sp.from);
  const to = day(sp.to);
  const page = Math.max(1, Number(sp.page) || 1);
  // Dates are the shop's calendar days: [from 00:00, to + 1 day 00:00) in its time zone.
  const { tenant } = await caller.tenant.current();
  const tz = tenant.timeZone;
  const [{ total, orders }, counts] = await Promise.all([
    caller.orders.list({
      status,
      q: sp.q || null,
      refCode: sp.ref || null,
      from: from ? zonedMidnight(from, 0, tz) : null,
      to: to ? zonedMidnight(to, 1, tz) : null,
      page,
      pageSize: PAGE_SIZE,
    }),
    caller.orders.counts(),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (over: Partial<Search>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...sp, page: undefined, ...over })) if (v) u.set(k, String(v));
    const q = u.toString();
    return `/console/orders${q ? `?${q}` : ""}`;
  };
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tz });
  return (
    <div>
      <Breadcrumbs items={[{ label: c("title"), href: "/console" }, { label: t("title") }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("title")}</h1>
      <nav className="mb-3 flex flex-wrap gap-1 text-sm" aria-label={t("status")}>
        {[null, ...TABS].map((x) => (
          <Link
            key={x ?? "all"}
            href={link({ status: x ?? undefined })}
            aria-current={x === status ? "page" : undefined}
            className={cn("rounded-md px-3 py-1.5", x === status ? "bg-emerald-700 text-white" : "bg-white ring-1 ring-slate-200 hover:bg-slate-50")}
          >
            {x ? s(`status.${x}` as never) : t("all")}
            {x && counts[x] ? <span className="ml-1 opacity-70">{counts[x]}</span> : null}
          </Link>
        ))}
      </nav>
      <form className="mb-4 grid gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200 sm:grid-cols-[2fr_1fr_1fr_1fr_auto]" action="/console/orders">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <Input name="q" defaultValue={sp.q} placeholder={t("search")} aria-label={t("search")} data-testid="orders-q" />
        <Input name="from" type="date" defaultValue={from ?? ""} aria-label={t("from")} />
        <Input name="to" type="date" defaultValue={to ?? ""} aria-label={t("to")} />
        <Input name="ref" defaultValue={sp.ref} placeholder={t("distributor")} aria-label={t("distributor")} />
        <div className="flex gap-2">
          <Button type="submit">{t("apply")}</Button>
          <Button variant="outline" asChild>
            <Link href="/console/orders">{t("reset")}</Link>
          </Button>
        </div>
      </form>
      {orders.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <DataTable
          columns={[{ label: t("no") }, { label: t("items") }, { label: t("buyer") }, { label: t("total"), align: "right" }, { label: t("attributedCol") }, { label: t("status") }, { label: t("placed") }]}
        >
          {orders.map((o) => (
            <tr key={o.id} className="hover:bg-slate-50" data-testid="order-row">
              <td className="px-3 py-2 font-mono text-xs">
                <Link href={`/console/orders/${o.id}`} className="text-emerald-700 hover:underline">
                  {o.no}
                </Link>
              </td>
              <td className="max-w-64 px-3 py-2">
                <span className="line-clamp-1">{o.lines.map((l) => `${l.productName}${l.spec.length ? `（${l.spec.join("/")}）` : ""} ×${l.quantity}`).join("，")}</span>
              </td>
              <td className="px-3 py-2">
                {o.buyerName}
                <span className="block text-xs text-slate-400">{o.address.name} {o.address.phone}</span>
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{formatFen(o.totalFen, locale)}</td>
              <td className="px-3 py-2 text-xs" data-testid="order-attributed">
                {o.attributedName ?? <span className="text-slate-400">—</span>}
              </td>
              <td className="px-3 py-2">
                <OrderStatusBadge status={o.status} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-500">{fmt.format(o.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager
        className="mt-3"
        summary={t("count", { count: total })}
        position={t("page", { page, pages })}
        prev={page > 1 ? { href: link({ page: String(page - 1) }), label: t("prev") } : null}
        next={page < pages ? { href: link({ page: String(page + 1) }), label: t("next") } : null}
      />
    </div>
  );
}
