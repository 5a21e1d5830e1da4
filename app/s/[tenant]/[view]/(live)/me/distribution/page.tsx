import Link from "next/link";
import { ChevronRight, Store, Wallet } from "lucide-react";
import { headers } from "next/headers";
import { getLocale, getTranslations } from "next-intl/server";
import QRCode from "qrcode";
import { formatFen } from "@/packages/core/src/money";
import { withTenant } from "@/packages/db/src/context";
import { searchProducts } from "@/packages/db/src/queries/catalog";
import { getDb } from "@/packages/server/src/db";
import { CopyField, ExitRequest, JoinButton, TeamTabs } from "@/components/storefront/distribution";
import { shopperPage, type StorefrontParams } from "../../../tenant";

type Commission = Awaited<ReturnType<Awaited<ReturnType<typeof shopperPage>>["api"]["shop"]["distribution"]["commissions"]>>[number];

const PRODUCT_LINKS = 3;

/**
 * The distributor's side of the storefront (PRODUCT.md §4, §7): joining,
 * level and how far the next one is, commission totals and list, the
 * referral link and QR code, the team by depth, and leaving.
 */
export default async function MyDistributionPage({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ page?: string }> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  const { tenant, shop, base, api } = await shopperPage(route, "/me/distribution");
  const t = await getTranslations("myDistribution");
  const tp = await getTranslations("personalShop");
  const ti = await getTranslations("income");
  const locale = await getLocale();
  const me = await api.shop.distribution.me({ shop });
  const levelName = (n: number) => me.levels.find((l) => l.level === n)?.name[locale === "en" ? "en" : "zh-CN"] ?? t("levelN", { n });
  const d = me.distributor;

  if (!d || d.status === "rejected" || d.status === "pending") {
    const mode = { open: t("modeOpen"), approval: t("modeApproval"), first_purchase: t("modeFirstPurchase") }[me.joinMode];
    return (
      <div className="space-y-3 p-3" data-testid="distribution-page" data-state={d?.status ?? "none"}>
        <section className="space-y-3 rounded-brand bg-gradient-to-br from-brand to-accent p-5 text-brand-foreground">
          <h1 className="text-lg font-semibold">{t("title")}</h1>
          <p className="text-sm leading-relaxed opacity-95">{t("intro")}</p>
          <p className="text-xs opacity-90">{t("introPoints")}</p>
        </section>
        <section className="space-y-3 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
          <p data-testid="distribution-mode" data-mode={me.joinMode}>{mode}</p>
          {me.referrer ? <p className="text-xs text-slate-500">{t("referrer", { name: me.referrer })}</p> : null}
          {d?.status === "pending" ? (
            <p role="status" className="rounded-md bg-amber-50 p-3 text-amber-900" data-testid="distribution-pending">{t("pending")}</p>
          ) : (
            <>
              {d?.status === "rejected" ? <p className="text-xs text-slate-500">{t("rejected")}</p> : null}
              <JoinButton shop={shop} label={me.joinMode === "approval" ? t("apply") : t("join")} />
            </>
          )}
        </section>
      </div>
    );
  }
  if (d.status === "left" || d.status === "suspended") {
    return (
      <div className="p-3" data-testid="distribution-page" data-state={d.status}>
        <p className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">{d.status === "left" ? t("left") : t("suspended")}</p>
        {/* What was earned stays theirs (PRODUCT.md §4.11): the income page stays open. */}
        <Link href={`${base}/me/income`} className="mt-3 block rounded-brand bg-white px-4 py-3 text-sm font-medium shadow-sm ring-1 ring-black/5" data-testid="income-entry">
          {ti("entry")}
        </Link>
      </div>
    );
  }

  // Active, or asked to leave (still a distributor until a person approves it).
  const page = Math.max(1, Number.parseInt(sp.page ?? "1", 10) || 1);
  const [commissions, team, products] = await Promise.all([
    api.shop.distribution.commissions({ shop, page }),
    api.shop.distribution.team({ shop, depth: 1 }),
    withTenant(await getDb(), tenant.id, (tx) => searchProducts(tx, tenant.id, { limit: PRODUCT_LINKS, offset: 0 })),
  ]);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const ref = `?ref=${encodeURIComponent(d.code)}`;
  const link = `${origin}${base || "/"}${ref}`;
  const qr = await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  // The mini-program code too when the shop has one set up (otherwise the QR above is the share code); never fails the page.
  const mpCode = await api.shop.distribution.miniprogramCode({ shop, base: `${origin}${base}` }).catch(() => null);
  const money = (fen: number) => formatFen(fen, locale);
  const tr = await getTranslations("myDistribution.reason");
  const totals = me.totals!;
  const progress = me.progress;

  return (
    <div className="space-y-3 p-3" data-testid="distribution-page" data-state={d.status}>
      <section className="rounded-brand bg-gradient-to-br from-brand to-accent p-5 text-brand-foreground">
        <p className="text-xs opacity-90">{t("level")}</p>
        <h1 className="text-xl font-semibold" data-testid="distribution-level" data-level={d.level}>
          {levelName(d.level)}
        </h1>
        <p className="mt-1 text-xs opacity-90">
          {t("myCode")} <span className="font-mono" data-testid="distribution-code">{d.code}</span> · {t("teamSize", { n: me.teamSize ?? 0 })}
          {me.referrer ? ` · ${t("referrer", { name: me.referrer })}` : ""}
        </p>
        <div className="mt-3 text-sm" data-testid="distribution-progress">
          {progress ? (
            <>
              <p className="font-medium">{t("nextLevel", { name: levelName(progress.level) })}</p>
              <ul className="mt-1 space-y-0.5 text-xs opacity-95">
                {progress.missing.map((x) => {
                  const f = (v: number) => (x.criterion === "directReferrals" ? String(v) : money(v));
                  return (
                    <li key={x.criterion} data-testid="progress-missing" data-criterion={x.criterion} data-short={x.short}>
                      {t(`criterion.${x.criterion}`, { short: f(x.short), have: f(x.have), need: f(x.need) })}
                    </li>
                  );
                })}
              </ul>
            </>
          ) : (
            <p>{t("topLevel")}</p>
          )}
        </div>
      </section>

      {d.status === "active" ? (
        <Link href={`${base}/me/distribution/shop`} className="flex items-center gap-3 rounded-brand bg-white px-4 py-3 text-sm shadow-sm ring-1 ring-black/5" data-testid="my-shop-entry">
          <Store className="h-4 w-4 text-brand" aria-hidden />
          <span className="flex-1 font-medium">{tp("entry")}</span>
          <span className="text-xs text-slate-500">{tp("entryHint")}</span>
          <ChevronRight className="h-4 w-4 text-slate-300" aria-hidden />
        </Link>
      ) : null}

      <Link href={`${base}/me/income`} className="flex items-center gap-3 rounded-brand bg-white px-4 py-3 text-sm shadow-sm ring-1 ring-black/5" data-testid="income-entry">
        <Wallet className="h-4 w-4 text-brand" aria-hidden />
        <span className="flex-1 font-medium">{ti("entry")}</span>
        <span className="text-xs text-slate-500">{ti("entryHint")}</span>
        <ChevronRight className="h-4 w-4 text-slate-300" aria-hidden />
      </Link>

      {d.status === "exit_requested" ? (
        <p role="status" className="rounded-brand bg-amber-50 p-3 text-sm text-amber-900" data-testid="distribution-exit-requested">{t("exitRequested")}</p>
      ) : null}

      <section className="grid grid-cols-4 gap-1 rounded-brand bg-white px-2 py-4 text-center shadow-sm ring-1 ring-black/5" aria-label={t("totals")}>
        {(["pendingFen", "settledFen", "heldFen", "reversedFen"] as const).map((k) => (
          <div key={k}>
            <p className="font-semibold text-brand" data-testid={`total-${k}`} data-fen={totals[k]}>{money(totals[k])}</p>
            <p className="text-xs text-slate-500">{t(k)}</p>
          </div>
        ))}
      </section>

      <section className="space-y-3 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
        <CopyField value={link} testId="referral-link" label={t("myLink")} />
        <figure className="flex flex-col items-center gap-1">
          <div
            className="h-44 w-44"
            role="img"
            aria-label={t("qr")}
            data-testid="referral-qr"
            data-payload={link}
            data-code={d.code}
            dangerouslySetInnerHTML={{ __html: qr }}
          />
          <figcaption className="text-xs text-slate-500">{t("qrHint", { code: d.code })}</figcaption>
        </figure>
        {mpCode?.kind === "miniprogram" ? (
          <figure className="flex flex-col items-center gap-1" data-testid="miniprogram-code" data-scene={mpCode.scene}>
            {/* A data URL from WeChat's getwxacodeunlimit: nothing for next/image to optimise. */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={mpCode.dataUrl} alt={t("miniprogramCode")} className="h-44 w-44" />
            <figcaption className="text-xs text-slate-500">{t("miniprogramCodeHint")}</figcaption>
          </figure>
        ) : null}
        {products.length ? (
          <div className="space-y-2">
            <p className="text-xs text-slate-500">{t("productLinks")}</p>
            {products.slice(0, PRODUCT_LINKS).map((p) => (
              <div key={p.id} className="space-y-0.5">
                <p className="truncate text-xs">{p.name}</p>
                <CopyField value={`${origin}${base}/p/${p.id}${ref}`} testId={`product-link-${p.id}`} />
              </div>
            ))}
          </div>
        ) : null}
      </section>

      <section className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
        <h2 className="mb-2 font-medium">{t("commissions")}</h2>
        {commissions.length ? (
          <ul className="divide-y divide-black/5" data-testid="commission-list">
            {commissions.map((c) => (
              <li key={c.id} className="space-y-0.5 py-2" data-testid="commission" data-order-no={c.orderNo} data-kind={c.kind} data-status={c.status} data-amount={c.amountFen} data-reversed={c.reversedFen}>
                <div className="flex items-center justify-between gap-2">
                  <span className="truncate">{c.productName}</span>
                  <span className={c.status === "reversed" ? "font-semibold text-slate-400 line-through" : "font-semibold text-brand"}>{money(c.amountFen)}</span>
                </div>
                <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
                  <span className="font-mono">{c.orderNo}</span>
                  <span>
                    {t("commissionLevel", { n: Number(c.kind.slice(-1)) })} · <span data-testid="commission-status">{t(`status.${c.status === "pending" && c.settled ? "settled" : (c.status as "pending" | "held" | "reversed")}`)}</span>
                    {c.reversedFen > 0 && c.status !== "reversed" ? ` · ${t("reversedPart", { amount: money(c.reversedFen) })}` : ""}
                  </span>
                </div>
                {c.attribution ? (
                  <p className="text-xs text-slate-500" data-testid="commission-via" data-via={c.attributedToBeneficiary ? c.attribution : "team"}>
                    {c.attributedToBeneficiary ? t(c.attribution === "link" ? "viaLink" : c.attribution === "qr" ? "viaQr" : "viaBinding") : t("viaTeam")}
                  </p>
                ) : null}
                <p className="text-xs text-slate-400">{reasonText(c, tr, locale)}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-slate-500" data-testid="commission-empty">{t("noCommissions")}</p>
        )}
        {page > 1 || commissions.length === 20 ? (
          <nav className="mt-2 flex justify-between text-xs">
            {page > 1 ? <Link href={`${base}/me/distribution?page=${page - 1}`}>{t("prev")}</Link> : <span />}
            {commissions.length === 20 ? <Link href={`${base}/me/distribution?page=${page + 1}`}>{t("next")}</Link> : null}
          </nav>
        ) : null}
      </section>

      <section className="rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5" data-testid="team">
        <h2 className="mb-2 font-medium">{t("team")}</h2>
        <TeamTabs
          shop={shop}
          byDepth={team.byDepth}
          first={team.members}
          levelNames={Object.fromEntries(me.levels.map((l) => [l.level, levelName(l.level)]))}
          locale={locale}
        />
      </section>

      {d.status === "active" ? <ExitRequest shop={shop} /> : null}
    </div>
  );
}

/** Why a commission is what it is, in words: the rule, its rate and base, the margin guard, a self-purchase. */
function reasonText(c: Commission, t: Awaited<ReturnType<typeof getTranslations<"myDistribution.reason">>>, locale: string) {
  const r = c.reason;
  const money = (fen: number) => formatFen(fen, locale);
  const rate = r.rate.kind === "percent" ? t("percent", { pct: r.rate.bps / 100 }) : t("fixed", { amount: money(r.rate.fenPerUnit) });
  const parts = [t("rate", { source: t(`source.${r.source}`), rate, base: money(r.baseFen) })];
  if (r.rawFen !== c.amountFen && r.rawFen > c.amountFen) parts.push(t("guard", { raw: money(r.rawFen), amount: money(c.amountFen) }));
  if (r.selfPurchase) parts.push(t("self"));
  return parts.join(locale === "en" ? "; " : "；");
}
