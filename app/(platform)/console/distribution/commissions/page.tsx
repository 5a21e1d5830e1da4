import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { BonusRun, FlagActions } from "@/components/console/distribution/review-actions";
import { ReasonText } from "@/components/console/distribution/reason";
import { Pager } from "@/components/console/pager";
import { DataTable } from "@/components/ui/table";
import { Badge, EmptyState, Section } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { consoleFrame } from "@/lib/console";
import { COMMISSION_STATUS_VALUES } from "@/packages/commission/src/config";
import { isUuid } from "@/packages/core/src/errors";
import { formatFen } from "@/packages/core/src/money";
import { can } from "@/packages/tenancy/src/roles";

const PAGE_SIZE = 20;
type Search = { status?: string; page?: string; order?: string };
const STATUS_LOOK: Record<string, string> = { pending: "bg-sky-50 text-sky-800", held: "bg-amber-100 text-amber-900", reversed: "bg-slate-200 text-slate-600" };

/** Commissions with their reasons, the anti-fraud flags to review, and the monthly team bonuses. */
export default async function CommissionsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const { active, caller } = await consoleFrame("/console/distribution/commissions");
  if (!active) redirect("/console");
  const status = (COMMISSION_STATUS_VALUES as readonly string[]).includes(sp.status ?? "") ? (sp.status as (typeof COMMISSION_STATUS_VALUES)[number]) : null;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(sp.page ?? "1", 10) || 1));
  // One order's commissions (linked from the order page).
  const orderId = sp.order && isUuid(sp.order) ? sp.order : null;
  const [{ role, tenant }, rows, flags, bonuses, levels] = await Promise.all([
    caller.tenant.current(),
    caller.distribution.commissions({ status, orderId, page, pageSize: PAGE_SIZE }),
    caller.distribution.flags({ status: "open" }),
    caller.distribution.bonuses({}),
    caller.distribution.levels(),
  ]);
  const t = await getTranslations("distribution.commissions");
  const f = await getTranslations("distribution.flags");
  const b = await getTranslations("distribution.bonuses");
  const locale = await getLocale();
  // Flags and bonuses move money: finance.write (owner, admin, finance), not the operator.
  const canWrite = can(role, "finance.write");
  const levelNames = levels.map((l) => (locale === "en" ? l.name.en : l.name["zh-CN"]));
  const fmt = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone });
  const link = (over: Partial<Search>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries({ status: status ?? undefined, order: orderId ?? undefined, page: undefined, ...over })) if (v) u.set(k, String(v));
    const s = u.toString();
    return `/console/distribution/commissions${s ? `?${s}` : ""}`;
  };
  // The last closed month in the shop's time zone: the default for "compute month".
  const now = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: tenant.timeZone }).format(new Date()).slice(0, 7);
  const [y, mo] = now.split("-").map(Number) as [number, number];
  const lastMonth = mo === 1 ? `${y - 1}-12` : `${y}-${String(mo - 1).padStart(2, "0")}`;
  return (
    <div className="space-y-4">
      <Section title={f("title")} data-testid="flags">
        {flags.length === 0 ? (
          <p className="text-sm text-slate-500">{f("empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {flags.map((g) => (
              <li key={g.id} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-2 text-sm" data-testid="flag-row">
                <Badge className="bg-amber-100 text-amber-900">{f(`kinds.${g.kind}` as never)}</Badge>
                <span className="font-medium">{g.name}</span>
                {g.orderId ? (
                  <Link href={`/console/orders/${g.orderId}`} className="font-mono text-xs text-emerald-700 hover:underline">
                    {g.orderNo}
                  </Link>
                ) : null}
                <span className="text-slate-600">{f("held", { amount: formatFen(g.heldFen, locale) })}</span>
                <span className="text-xs text-slate-400">{fmt.format(new Date(g.createdAt))}</span>
                {canWrite ? <FlagActions flagId={g.id} /> : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("title")} data-testid="commissions">
        <nav className="mb-3 flex flex-wrap gap-1 text-sm" aria-label={t("status")}>
          {[null, ...COMMISSION_STATUS_VALUES].map((x) => (
            <Link
              key={x ?? "all"}
              href={link({ status: x ?? undefined })}
              aria-current={x === status ? "page" : undefined}
              className={cn("rounded-md px-3 py-1.5", x === status ? "bg-emerald-700 text-white" : "bg-white ring-1 ring-slate-200 hover:bg-slate-50")}
            >
              {x ? t(`statuses.${x}`) : t("all")}
            </Link>
          ))}
        </nav>
        {rows.length === 0 ? (
          <EmptyState title={t("empty")} />
        ) : (
          <DataTable
            columns={[{ label: t("order") }, { label: t("product") }, { label: t("beneficiary") }, { label: t("kind") }, { label: t("amount"), align: "right" }, { label: t("reversed"), align: "right" }, { label: t("status") }, { label: t("reason") }]}
            testId="commissions-table"
          >
            {rows.map((k) => (
              <tr key={k.id} className="align-top" data-testid="commission-row" data-status={k.status}>
                <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                  <Link href={`/console/orders/${k.orderId}`} className="text-emerald-700 hover:underline">
                    {k.orderNo}
                  </Link>
                </td>
                <td className="min-w-32 max-w-40 px-3 py-2">{k.productName}</td>
                <td className="whitespace-nowrap px-3 py-2">{k.name}</td>
                <td className="whitespace-nowrap px-3 py-2">{t(`kinds.${k.kind}` as never)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{formatFen(k.amountFen, locale)}</td>
                <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{k.reversedFen ? formatFen(-k.reversedFen, locale) : "—"}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  <Badge className={STATUS_LOOK[k.status]}>{t(`statuses.${k.status}` as never)}</Badge>
                </td>
                <td className="min-w-64 px-3 py-2 text-xs text-slate-600">
                  <ReasonText reason={k.reason} amountFen={k.amountFen} levelNames={levelNames} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <Pager
          className="mt-3"
          position={t("page", { page })}
          prev={page > 1 ? { href: link({ page: String(page - 1) }), label: t("prev") } : null}
          next={rows.length === PAGE_SIZE ? { href: link({ page: String(page + 1) }), label: t("next") } : null}
        />
      </Section>

      <Section title={b("title")} data-testid="bonuses">
        {canWrite ? <BonusRun defaultMonth={lastMonth} /> : null}
        {bonuses.length === 0 ? (
          <p className="mt-3 text-sm text-slate-500">{b("empty")}</p>
        ) : (
          <DataTable
            columns={[{ label: b("month") }, { label: b("distributor") }, { label: b("teamSales"), align: "right" }, { label: b("amount"), align: "right" }, { label: b("reason") }]}
            testId="bonuses-table"
            nowrap
            bare
            className="mt-3"
          >
            {bonuses.map((x) => (
              <tr key={`${x.userId}-${x.month}`} data-testid="bonus-row">
                <td className="px-3 py-2 font-mono text-xs">{x.month}</td>
                <td className="px-3 py-2">{x.name}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatFen(Number(x.teamSalesFen), locale)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatFen(x.amountFen, locale)}</td>
                <td className="min-w-64 whitespace-normal px-3 py-2 text-xs text-slate-600">
                  {b("why", { rate: `${x.reason.rateBps / 100}%`, base: formatFen(Number(x.reason.baseFen), locale), threshold: formatFen(Number(x.reason.thresholdFen), locale) })}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Section>
    </div>
  );
}
