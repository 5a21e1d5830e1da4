import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { WithdrawalActions } from "@/components/console/finance/withdrawal-actions";
import { MoneyRulesForm } from "@/components/console/finance/money-rules";
import { BonusRulesForm } from "@/components/console/finance/bonus-rules";
import { HoldOverrides } from "@/components/console/finance/hold-overrides";
import { Badge, Section } from "@/components/ui/card";
import { buttonVariants } from "@/components/ui/button";
import { formatFen } from "@/packages/core/src/money";
import { localDate } from "@/packages/ledger/src/settlement";
import { can } from "@/packages/tenancy/src/roles";
import { consoleFrame } from "@/lib/console";

const STATUS_STYLE: Record<string, string> = {
  reviewing: "bg-amber-50 text-amber-800",
  approved: "bg-sky-50 text-sky-700",
  paying: "bg-indigo-50 text-indigo-700",
  paid: "bg-emerald-50 text-emerald-700",
  refused: "bg-slate-100 text-slate-600",
  failed: "bg-red-50 text-red-700",
};

/** 财务 (PRODUCT.md §5): what the shop owes its distributors and the withdrawal queue; finance, owner and admin decide, others read. */
export default async function FinancePage() {
  const { active, caller } = await consoleFrame("/console/finance");
  if (!active) redirect("/console");
  const [overview, queue, rules, holds, categories, productPage, bonusRules, runs, { tenant }, t, tw, locale, disputes, to] = await Promise.all([
    caller.finance.overview(),
    caller.finance.withdrawals({}),
    caller.finance.rules(),
    caller.finance.holdOverrides(),
    caller.products.categories.list(),
    caller.products.list({ page: 1, pageSize: 100 }),
    caller.finance.bonusRules(),
    caller.finance.runs(),
    caller.tenant.current(),
    getTranslations("finance"),
    getTranslations("income.withdraw"),
    getLocale(),
    caller.finance.disputes(),
    getTranslations("orders"),
  ]);
  const money = (fen: number) => formatFen(fen, locale);
  const mayDecide = can(active.role, "finance.write");
  // This month in the shop's time zone (YYYY-MM), the report's default.
  const thisMonth = localDate(new Date(), tenant.timeZone).slice(0, 7);
  const when = (d: Date | string) => new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone }).format(new Date(d));
  const figures = [
    ["pending", overview.pendingFen],
    ["available", overview.availableFen],
    ["withdrawing", overview.withdrawingFen],
    ["paidThisMonth", overview.paidThisMonthFen],
    ["taxThisMonth", overview.taxThisMonthFen],
  ] as const;
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: t("title") }]} />
      <Section title={t("owed")}>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="finance-overview">
          {figures.map(([k, fen]) => (
            <div key={k} className="rounded-md bg-slate-50 p-3">
              <dt className="text-xs text-slate-500">{t(k)}</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={`finance-${k}`} data-fen={fen}>{money(fen)}</dd>
            </div>
          ))}
          <div className="rounded-md bg-slate-50 p-3">
            <dt className="text-xs text-slate-500">{t("open")}</dt>
            <dd className="text-lg font-semibold tabular-nums" data-testid="finance-open">{overview.openRequests}</dd>
          </div>
        </dl>
        <p className="mt-3 text-sm text-slate-600" data-testid="finance-next">
          {t("nextSettlement", { date: overview.nextSettlement })} · {t("nextBonusDay", { date: overview.nextBonusDay })}
        </p>
      </Section>
      <Section title={t("disputes.title")}>
        <p className="mb-2 text-xs text-slate-500">{t("disputes.hint")}</p>
        {disputes.open.length ? (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="finance-disputes">
            {disputes.open.map((x) => (
              <li key={x.id} className="flex flex-wrap items-center justify-between gap-2 py-1.5" data-testid="finance-dispute">
                <Link href={`/console/orders/${x.orderId}`} className="text-brand hover:underline">
                  {t("disputes.order", { no: x.orderNo })}
                </Link>
                <span className="text-slate-600">
                  {money(x.amountFen)} · {to.has(`disputeReason.${x.reason}` as never) ? to(`disputeReason.${x.reason}` as never) : x.reason || "—"} · {t("disputes.opened", { time: when(x.openedAt) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500" data-testid="finance-disputes-none">{t("disputes.none")}</p>
        )}
        {disputes.closed.length ? (
          <>
            <h3 className="mb-1 mt-3 text-xs font-medium text-slate-500">{t("disputes.closed")}</h3>
            <ul className="divide-y divide-slate-100 text-sm" data-testid="finance-disputes-closed">
              {disputes.closed.map((x) => (
                <li key={x.id} className="flex flex-wrap justify-between gap-2 py-1.5">
                  <Link href={`/console/orders/${x.orderId}`} className="text-brand hover:underline">
                    {t("disputes.order", { no: x.orderNo })}
                  </Link>
                  <span className="text-slate-600">
                    {money(x.amountFen)} · {t(`disputes.${x.status}` as never)}
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>
      <Section title={t("rules")}>
        <MoneyRulesForm rules={rules} canWrite={mayDecide} />
        <h3 className="mb-2 mt-5 text-sm font-medium">{t("holds.title")}</h3>
        <HoldOverrides
          overrides={holds}
          products={productPage.items.map((p) => ({ id: p.id, name: p.name, priceFen: p.minPriceFen }))}
          categories={categories.map((c) => ({ id: c.id, name: c.name }))}
          canWrite={mayDecide}
        />
      </Section>
      <Section title={t("bonus.title")}>
        <BonusRulesForm rules={bonusRules} canWrite={mayDecide} />
      </Section>
      <Section title={t("runs.title")}>
        <div className="grid gap-4 lg:grid-cols-2">
          <div>
            <h3 className="mb-2 text-sm font-medium">{t("runs.settlement")}</h3>
            {runs.settlement.length ? (
              <ul className="divide-y divide-slate-100 text-sm" data-testid="settlement-runs">
                {runs.settlement.map((r) => (
                  <li key={r.period} className="flex justify-between gap-2 py-1.5" data-testid="settlement-run" data-status={r.status}>
                    <span>{r.period}</span>
                    <span className="text-slate-600">
                      {r.status === "done" && r.result
                        ? t("runs.settled", { count: Number(r.result.settled ?? 0), amount: money(Number(r.result.settledFen ?? 0)) })
                        : r.status === "failed"
                          ? t("runs.failed", { error: (r.error ?? "").slice(0, 120) })
                          : t("runs.running")}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">{t("runs.none")}</p>
            )}
          </div>
          <div>
            <h3 className="mb-2 text-sm font-medium">{t("runs.bonus")}</h3>
            {runs.bonus.length ? (
              <ul className="divide-y divide-slate-100 text-sm" data-testid="bonus-runs">
                {runs.bonus.map((r) => (
                  <li key={r.period} className="space-y-0.5 py-1.5" data-testid="bonus-run" data-status={r.status} data-month={r.period}>
                    <div className="flex justify-between gap-2">
                      <span>{t("runs.bonusMonth", { month: r.period })}</span>
                      <span className="text-slate-500">{when(r.finishedAt ?? r.startedAt)}</span>
                    </div>
                    <p className="text-xs text-slate-600">
                      {r.status === "done" && r.result
                        ? t("runs.bonusPaid", {
                            team: Number(r.result.teamBonuses ?? 0),
                            teamAmount: money(Number(r.result.teamBonusFen ?? 0)),
                            top: Number(r.result.topTeams ?? 0),
                            topAmount: money(Number(r.result.topTeamFen ?? 0)),
                            adjusted: money(Number(r.result.adjustedFen ?? 0)),
                            skipped: Number(r.result.skippedSuspended ?? 0),
                          })
                        : r.status === "failed"
                          ? t("runs.failed", { error: (r.error ?? "").slice(0, 120) })
                          : t("runs.running")}
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-slate-500">{t("runs.none")}</p>
            )}
          </div>
        </div>
      </Section>
      {mayDecide ? (
        <Section title={t("withholding")}>
          <p className="mb-2 text-sm text-slate-500">{t("withholdingHint")}</p>
          <form action="/api/finance/withholding" method="get" className="flex flex-wrap items-end gap-2" data-testid="withholding-export">
            <label className="text-sm">
              <span className="mb-1 block text-xs text-slate-500">{t("month")}</span>
              <input type="month" name="month" defaultValue={thisMonth} required className="rounded-md border border-slate-300 px-2 py-1.5 text-sm" data-testid="withholding-month" />
            </label>
            <button type="submit" className={buttonVariants({ variant: "outline", size: "sm" })} data-testid="withholding-download">{t("export")}</button>
          </form>
        </Section>
      ) : null}
      <Section title={t("queue")}>
        {!mayDecide ? <p className="mb-2 text-sm text-slate-500" data-testid="finance-read-only">{t("readOnly")}</p> : null}
        {queue.length ? (
          <ul className="divide-y divide-slate-100" data-testid="withdrawal-queue">
            {queue.map((w) => (
              <li key={w.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="queue-item" data-id={w.id} data-status={w.status}>
                <div className="space-y-1 text-sm">
                  <p className="font-medium">
                    {w.name} <span className="text-xs text-slate-500">{w.code}</span>
                  </p>
                  <p className="text-xs text-slate-500">
                    {w.nameMasked ?? "—"} · {w.idMasked ?? "—"} · {t(`review.${w.review}`)} · <span data-testid="queue-method">{t(`methods.${w.method}`)}</span> · {when(w.createdAt)}
                  </p>
                  {w.method !== "manual" && w.payoutState ? (
                    <p className="text-xs text-slate-500" data-testid="payout-state">
                      {w.status === "paying" && w.payoutState === "WAIT_USER_CONFIRM" ? t("awaitingUser") : t("payoutState", { state: w.payoutState })}
                    </p>
                  ) : null}
                  {w.payoutError ? <p className="text-xs text-red-700" data-testid="payout-error">{t("payoutError", { error: w.payoutError })}</p> : null}
                  <Link href={`/console/finance/trace/${w.id}`} className="text-xs text-sky-700 hover:underline" data-testid="trace-link">{t("trace.link")}</Link>
                  {w.status === "paid" && w.taxFen !== null && w.netFen !== null ? (
                    <p className="text-xs text-slate-500">{t("paidDetail", { tax: money(w.taxFen), net: money(w.netFen), reference: w.reference ?? "" })}</p>
                  ) : null}
                  {w.status === "refused" && w.reason ? <p className="text-xs text-slate-500">{tw("refusedDetail", { reason: w.reason })}</p> : null}
                </div>
                <div className="flex flex-col items-end gap-2">
                  <div className="flex items-center gap-2">
                    {w.overdue ? <Badge className="bg-red-50 text-red-700" data-testid="overdue">{t("overdue")}</Badge> : null}
                    <Badge className={STATUS_STYLE[w.status]} data-testid="queue-status">{tw(`status.${w.status}`)}</Badge>
                    <span className="font-semibold tabular-nums">{money(w.amountFen)}</span>
                  </div>
                  {mayDecide && (w.status === "reviewing" || w.status === "approved" || (w.status === "paying" && w.method !== "manual")) ? (
                    <WithdrawalActions id={w.id} status={w.status} method={w.method} />
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">{t("empty")}</p>
        )}
      </Section>
    </div>
  );
}
