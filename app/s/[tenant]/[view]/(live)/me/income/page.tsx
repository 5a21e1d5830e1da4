import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import type { Locale } from "@/packages/i18n/src/locales";
import { formatFen } from "@/packages/core/src/money";
import { localDate } from "@/packages/ledger/src/settlement";
import { StripePayee, TaxProfileForm, WithdrawForm } from "@/components/storefront/withdraw";
import { shopperPage, storefrontPage, type StorefrontParams } from "../../../tenant";

export async function generateMetadata({ params }: { params: Promise<StorefrontParams> }): Promise<Metadata> {
  const { locale } = await storefrontPage(await params);
  const t = await getTranslations({ locale, namespace: "income" });
  return { title: t("title") };
}

/** Movements a page (shop.distribution.income's page size). */
const PAGE_SIZE = 30;

const BALANCES = [
  ["pendingFen", "pending"],
  ["availableFen", "available"],
  ["withdrawingFen", "withdrawing"],
  ["paidOutFen", "paidOut"],
  ["taxWithheldFen", "taxWithheld"],
] as const;

/**
 * 我的收入 (PRODUCT.md §5.5): the distributor's balances from the ledger and
 * every movement on them, newest first, with the order it came from.
 */
export default async function IncomePage({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ page?: string; stripe?: string }> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  const { shop, base, api } = await shopperPage(route, "/me/income");
  const page = Math.max(1, Number.parseInt(sp.page ?? "1", 10) || 1);
  const [t, locale, income, wd] = await Promise.all([getTranslations("income"), getLocale(), api.shop.distribution.income({ shop, page }), api.shop.withdrawals.overview({ shop })]);
  const money = (fen: number) => formatFen(fen, locale);
  const b = income.balances;
  // This month in the shop's time zone (YYYY-MM), the documents' default.
  const thisMonth = localDate(new Date(), wd.timeZone).slice(0, 7);
  return (
    <div className="space-y-3 p-3" data-testid="income-page">
      <section className="rounded-brand bg-gradient-to-br from-brand to-accent p-5 text-brand-foreground">
        <p className="text-xs opacity-90">{t("available")}</p>
        <p className="text-2xl font-semibold" data-testid="balance-availableFen" data-fen={b.availableFen}>
          {money(b.availableFen)}
        </p>
        <dl className="mt-3 grid grid-cols-2 gap-2 text-xs">
          {/* Withdrawing, withdrawn and tax withheld appear once there is any. */}
          {BALANCES.filter(([k]) => k === "pendingFen" || (k !== "availableFen" && b[k] !== 0)).map(([k, label]) => (
            <div key={k} className="rounded-brand bg-white/15 px-2 py-1.5">
              <dt className="opacity-90">{t(label)}</dt>
              <dd className="text-sm font-semibold" data-testid={`balance-${k}`} data-fen={b[k]}>
                {money(b[k])}
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {b.availableFen < 0 ? (
        <p role="status" className="rounded-brand bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="balance-negative">
          {t("negative")}
        </p>
      ) : null}
      <p className="px-1 text-xs text-slate-500">{t("settlementRule", { days: wd.holdDays })}</p>
      <section className="space-y-3 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5" data-testid="withdraw-section">
        <h2 className="font-medium">{t("withdraw.title")}</h2>
        {wd.profile ? (
          <>
            <p className="text-xs text-slate-500" data-testid="tax-identity">{t("withdraw.identity", { name: wd.profile.nameMasked, id: wd.profile.idMasked })}</p>
            <WithdrawForm shop={shop} locale={locale as Locale} withdrawableFen={wd.withdrawableFen} minimumFen={wd.minimumFen} methods={wd.methods} />
            {wd.stripe.offered ? <StripePayee shop={shop} base={base} accountId={wd.stripe.accountId} ready={wd.stripe.ready} returning={sp.stripe === "return"} /> : null}
          </>
        ) : (
          <TaxProfileForm shop={shop} />
        )}
        <p className="text-xs text-slate-500">{t("withdraw.rule")}</p>
        <h3 className="pt-1 font-medium">{t("withdraw.history")}</h3>
        {wd.requests.length ? (
          <ul className="divide-y divide-black/5" data-testid="withdrawals">
            {wd.requests.map((w) => (
              <li key={w.id} className="flex items-start justify-between gap-3 py-2" data-testid="withdrawal" data-status={w.status} data-fen={w.amountFen}>
                <div className="min-w-0 space-y-0.5">
                  <p>{t(`withdraw.status.${w.status}`)}</p>
                  {w.status === "paid" && w.taxFen !== null && w.netFen !== null ? (
                    <p className="text-xs text-slate-500">{t("withdraw.paidDetail", { tax: money(w.taxFen), net: money(w.netFen) })}</p>
                  ) : null}
                  {w.status === "refused" && w.reason ? <p className="text-xs text-slate-500">{t("withdraw.refusedDetail", { reason: w.reason })}</p> : null}
                  {w.status === "failed" ? <p className="text-xs text-slate-500" data-testid="withdrawal-failed">{t("withdraw.failedDetail", { reason: w.reason ?? "" })}</p> : null}
                  {w.awaitingConfirmation ? <p className="text-xs text-amber-800" data-testid="withdrawal-awaiting">{t("withdraw.awaiting")}</p> : null}
                  {w.method !== "manual" ? <p className="text-xs text-slate-400">{t(`withdraw.methods.${w.method}`)}</p> : null}
                  <p className="text-xs text-slate-400">{new Date(w.createdAt).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" })}</p>
                </div>
                <span className="shrink-0 font-semibold tabular-nums">{money(w.amountFen)}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500">{t("withdraw.noHistory")}</p>
        )}
      </section>
      <section className="space-y-2 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5" data-testid="income-documents">
        <h2 className="font-medium">{t("documents.title")}</h2>
        <p className="text-xs text-slate-500">{t("documents.hint")}</p>
        <form method="get" action={`/api/shop/${encodeURIComponent(shop)}/income/statement`} target="_blank" className="flex flex-wrap items-end gap-2">
          <label className="text-xs text-slate-500">
            <span className="mb-1 block">{t("documents.month")}</span>
            <input type="month" name="month" defaultValue={thisMonth} max={thisMonth} required className="rounded-brand border border-slate-300 px-2 py-1.5 text-sm" data-testid="documents-month" />
          </label>
          <button type="submit" className="rounded-brand border border-brand px-3 py-1.5 text-sm text-brand" data-testid="download-statement">{t("documents.statement")}</button>
          {wd.profile ? (
            <button type="submit" formAction={`/api/shop/${encodeURIComponent(shop)}/income/certificate`} className="rounded-brand border border-brand px-3 py-1.5 text-sm text-brand" data-testid="download-certificate">
              {t("documents.certificate")}
            </button>
          ) : null}
        </form>
      </section>
      <section className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
        <h2 className="mb-2 font-medium">{t("movements")}</h2>
        {income.movements.length ? (
          <ul className="divide-y divide-black/5" data-testid="movements">
            {income.movements.map((m) => (
              <li key={m.id} className="flex items-start justify-between gap-3 py-2" data-testid="movement" data-transfer={m.transfer} data-account={m.account} data-fen={m.amountFen}>
                <div className="min-w-0 space-y-0.5">
                  <p className="truncate">{t(`kind.${m.transfer}`)}</p>
                  <p className="truncate text-xs text-slate-500">
                    {t(`account.${m.account}`)}
                    {m.orderNo ? ` · ${t("order", { no: m.orderNo })}` : m.commissions ? ` · ${t("commissions", { n: m.commissions })}` : ""}
                    {m.productName ? ` · ${m.productName}` : ""}
                  </p>
                  <p className="text-xs text-slate-400">{new Date(m.at).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" })}</p>
                </div>
                <span className={`shrink-0 font-semibold tabular-nums ${m.amountFen < 0 ? "text-slate-500" : "text-brand"}`}>
                  {m.amountFen > 0 ? "+" : ""}
                  {money(m.amountFen)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500" data-testid="movements-empty">{t("none")}</p>
        )}
        <nav className="mt-2 flex justify-between text-xs">
          {page > 1 ? <Link href={`${base}/me/income?page=${page - 1}`} className="text-brand underline">{t("prev")}</Link> : <span />}
          {income.movements.length === PAGE_SIZE ? <Link href={`${base}/me/income?page=${page + 1}`} className="text-brand underline">{t("next")}</Link> : null}
        </nav>
      </section>
    </div>
  );
}
