import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { StripeConnectActions } from "@/components/console/stripe-connect";
import { WechatPaySettings } from "@/components/console/wechatpay-settings";
import { Badge, Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

/** Console → settings → payments: the simulator notice, or the shop's Stripe connected account. */
export default async function PaymentsSettingsPage({ searchParams }: { searchParams: Promise<{ onboarding?: string }> }) {
  const { active, caller } = await consoleFrame("/console/settings/payments");
  if (!active) redirect("/console");
  const [{ role }, status, wx, sp] = await Promise.all([caller.tenant.current(), caller.stripe.status(), caller.wechatpay.status(), searchParams]);
  const [c, t, e, format] = await Promise.all([getTranslations("console"), getTranslations("payments"), getTranslations("errors"), getFormatter()]);
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;

  const crumbs = (
    <Breadcrumbs items={[{ label: c("title"), href: "/console" }, { label: c("settings"), href: "/console/settings" }, { label: t("title") }]} />
  );

  // WeChat Pay (mini-program): shown whether or not Stripe is configured. Keys never come back here.
  const wechat = (
    <Card data-testid="payments-wechatpay">
      <CardHeader>
        <CardTitle>
          {t("wechatpay.title")}{" "}
          {/* Saved is not in use: the badge says which (the reasons are listed below). */}
          <Badge className={wx.usable ? "bg-emerald-100 text-emerald-800" : wx.configured ? "bg-amber-100 text-amber-800" : "bg-slate-100 text-slate-600"} data-testid="wechatpay-configured" data-usable={wx.usable ? "true" : "false"}>
            {wx.usable ? t("wechatpay.configured") : wx.configured ? t("wechatpay.savedNotUsable") : t("wechatpay.notConfigured")}
          </Badge>
        </CardTitle>
        <p className="text-sm text-slate-600">{t("wechatpay.intro")}</p>
      </CardHeader>
      <CardContent className="space-y-4">
        {wx.configured ? (
          <dl className="grid gap-3 text-sm sm:grid-cols-3" data-testid="wechatpay-summary">
            <div>
              <dt className="text-slate-500">{t("wechatpay.modeLabel")}</dt>
              <dd className="mt-1">{wx.mode === "partner" ? t("wechatpay.modePartner") : t("wechatpay.modeDirect")}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{wx.mode === "partner" ? t("wechatpay.subMchid") : t("wechatpay.mchid")}</dt>
              <dd className="mt-1 font-mono">{wx.mchid}</dd>
            </div>
            {wx.serialNo ? (
              <div>
                <dt className="text-slate-500">{t("wechatpay.serialNo")}</dt>
                <dd className="mt-1 break-all font-mono">{wx.serialNo}</dd>
              </div>
            ) : null}
          </dl>
        ) : null}
        {wx.usable ? (
          <p className="text-sm text-emerald-700">{t("wechatpay.usable")}</p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm text-amber-800" data-testid="wechatpay-missing">
            {wx.missing.map((k) => (
              <li key={k}>{e(k as "wechatpay.notConfigured")}</li>
            ))}
            <li>{t("wechatpay.simulatorNote")}</li>
          </ul>
        )}
        <WechatPaySettings status={wx} canEdit={can(role, "settings.update")} />
      </CardContent>
    </Card>
  );

  if (!status.configured) {
    return (
      <div>
        {crumbs}
        <h1 className="mb-4 text-2xl font-bold">{t("title")}</h1>
        <div className="rounded-xl border border-amber-300 bg-amber-50 p-5 text-amber-900" role="status" data-testid="payments-simulator">
          <h2 className="mb-2 font-semibold">{t("simulatorTitle")}</h2>
          <p className="text-sm leading-6">{t("simulatorBody")}</p>
          <p className="mt-2 text-sm text-amber-800">{t("simulatorHint")}</p>
        </div>
        <div className="mt-4">{wechat}</div>
      </div>
    );
  }

  const flag = (on: boolean, yes: string, no: string) => (
    <Badge className={on ? "bg-emerald-100 text-emerald-800" : "bg-slate-100 text-slate-600"}>{on ? yes : no}</Badge>
  );
  const rate = format.number(status.feeBps / 10_000, { style: "percent", maximumFractionDigits: 2 });
  const complete = status.chargesEnabled && status.payoutsEnabled && status.detailsSubmitted;
  return (
    <div className="space-y-4">
      {crumbs}
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      {sp.onboarding === "refresh" ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          {t("linkExpired")}
        </p>
      ) : null}
      {sp.onboarding === "return" && !complete ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" role="status">
          {t("returned")}
        </p>
      ) : null}
      <Card data-testid="payments-stripe">
        <CardHeader>
          <CardTitle>{t("stripeTitle")}</CardTitle>
          <p className="text-sm text-slate-600">{t("stripeIntro")}</p>
        </CardHeader>
        <CardContent className="space-y-4">
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">{t("accountId")}</dt>
              <dd className="mt-1 font-mono">{status.accountId ?? <span className="font-sans text-slate-500">{t("noAccount")}</span>}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("chargesEnabled")}</dt>
              <dd className="mt-1">{flag(status.chargesEnabled, t("enabled"), t("disabled"))}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("payoutsEnabled")}</dt>
              <dd className="mt-1">{flag(status.payoutsEnabled, t("enabled"), t("disabled"))}</dd>
            </div>
            <div>
              <dt className="text-slate-500">{t("detailsSubmitted")}</dt>
              <dd className="mt-1">{flag(status.detailsSubmitted, t("submitted"), t("notSubmitted"))}</dd>
            </div>
          </dl>
          <p className={status.ready ? "text-sm text-emerald-700" : "text-sm text-amber-800"} data-testid="payments-ready">
            {status.ready ? t("ready") : t("notReady")}
          </p>
          <StripeConnectActions
            hasAccount={!!status.accountId}
            complete={complete}
            canEdit={can(role, "settings.update")}
            origin={origin}
            returned={sp.onboarding === "return"}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>{t("feeRate")}</CardTitle>
        </CardHeader>
        <CardContent>
          <p className="text-lg font-semibold" data-testid="payments-fee">
            {t("feeRateValue", { rate, plan: t(`plans.${status.plan}`) })}
          </p>
          <p className="mt-1 text-sm text-slate-500">{t("feeRateHint")}</p>
        </CardContent>
      </Card>
      {wechat}
    </div>
  );
}
