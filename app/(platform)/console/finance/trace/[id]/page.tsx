import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { orNotFound } from "@/lib/not-found";
import { Breadcrumbs } from "@/components/console/shell";
import { Badge, Section } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";
import { isUuid } from "@/packages/core/src/errors";
import { formatFen } from "@/packages/core/src/money";

/**
 * The ledger browser (PRODUCT.md §5): one withdrawal and where its money came from, first in first out: each
 * credit of the distributor's available balance it used (a settlement, a bonus, a returned withdrawal) and, for a
 * settlement, the commissions it made available with their orders and products.
 */
export default async function WithdrawalTracePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { active, caller } = await consoleFrame(`/console/finance/trace/${id}`);
  if (!active) redirect("/console");
  if (!isUuid(id)) notFound();
  const [{ tenant }, trace, t, tw, ti, locale] = await Promise.all([
    caller.tenant.current(),
    orNotFound(caller.finance.trace({ id })),
    getTranslations("finance"),
    getTranslations("income.withdraw"),
    getTranslations("income"),
    getLocale(),
  ]);
  const money = (fen: number) => formatFen(fen, locale);
  const when = (d: Date | string) => new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone }).format(new Date(d));
  const w = trace.withdrawal;
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: t("title"), href: "/console/finance" }, { label: t("trace.title") }]} />
      <Section title={t("trace.withdrawal")}>
        <dl className="grid gap-2 text-sm sm:grid-cols-2" data-testid="trace-withdrawal" data-status={w.status}>
          <div>
            <dt className="text-xs text-slate-500">{t("who")}</dt>
            <dd>
              {w.name} <span className="text-xs text-slate-500">{w.code}</span>
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t("amount")}</dt>
            <dd className="font-semibold tabular-nums" data-testid="trace-amount">{money(w.amountFen)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t("status")}</dt>
            <dd>
              <Badge>{tw(`status.${w.status}`)}</Badge> {t(`methods.${w.method}`)}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{t("requestedAt")}</dt>
            <dd>{when(w.createdAt)}</dd>
          </div>
          {w.status === "paid" && w.taxFen !== null && w.netFen !== null ? (
            <div className="sm:col-span-2">
              <dd className="text-slate-600">{t("paidDetail", { tax: money(w.taxFen), net: money(w.netFen), reference: w.reference ?? w.payoutRef ?? "" })}</dd>
            </div>
          ) : null}
        </dl>
      </Section>
      <Section title={t("trace.sources")}>
        <p className="mb-3 text-sm text-slate-500">{t("trace.hint")}</p>
        {trace.sources.length ? (
          <ol className="space-y-3" data-testid="trace-sources">
            {trace.sources.map((s) => (
              <li key={s.transferId} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="trace-source" data-kind={s.kind} data-used={s.usedFen}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-medium">
                    {ti(`kind.${s.kind}`)}
                    {typeof s.memo.month === "string" ? ` · ${s.memo.month}` : ""}
                    {typeof s.memo.runDate === "string" ? ` · ${s.memo.runDate}` : ""}
                  </span>
                  <span className="tabular-nums text-slate-700">{t("trace.used", { used: money(s.usedFen), of: money(s.creditFen) })}</span>
                </div>
                <p className="text-xs text-slate-500">{s.at ? when(s.at) : ""}</p>
                {s.commissions.length ? (
                  <table className="mt-2 w-full text-xs">
                    <thead className="text-left text-slate-500">
                      <tr>
                        <th className="py-1 font-normal">{t("trace.order")}</th>
                        <th className="py-1 font-normal">{t("trace.product")}</th>
                        <th className="py-1 font-normal">{t("trace.level")}</th>
                        <th className="py-1 text-right font-normal">{t("trace.commission")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.commissions.map((c) => (
                        <tr key={c.id} className="border-t border-slate-100" data-testid="trace-commission" data-order-no={c.orderNo}>
                          <td className="py-1">
                            <Link href={`/console/orders?q=${encodeURIComponent(c.orderNo)}`} className="text-sky-700 hover:underline">{c.orderNo}</Link>
                          </td>
                          <td className="py-1">{c.productName}</td>
                          <td className="py-1">{t(`trace.kind.${c.kind}`)}</td>
                          <td className="py-1 text-right tabular-nums">
                            {money(c.amountFen - c.reversedFen)}
                            {c.reversedFen > 0 ? <span className="text-slate-400"> ({t("trace.reversed", { amount: money(c.reversedFen) })})</span> : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-slate-500">{t("trace.none")}</p>
        )}
        {trace.unfundedFen > 0 ? <p className="mt-2 text-sm text-amber-800">{t("trace.unfunded", { amount: money(trace.unfundedFen) })}</p> : null}
      </Section>
    </div>
  );
}
