import Link from "next/link";
import { redirect } from "next/navigation";
import { ChevronRight, CreditCard } from "lucide-react";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { SettingsForm } from "@/components/console/settings-form";
import { Card, CardContent, Section } from "@/components/ui/card";
import { StoreSettingsForm } from "@/components/console/store-settings-form";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

const ZONES = ["Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo", "Asia/Seoul", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Sydney", "UTC"];

export default async function SettingsPage() {
  const { active, caller } = await consoleFrame("/console/settings");
  if (!active) redirect("/console");
  const [{ tenant, role }, store] = await Promise.all([caller.tenant.current(), caller.orders.settings()]);
  const o = await getTranslations("orders");
  const t = await getTranslations("console");
  const tp = await getTranslations("payments");
  const zones = ZONES.includes(tenant.timeZone) ? ZONES : [tenant.timeZone, ...ZONES];
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console" }, { label: t("settings") }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("settings")}</h1>
      <Card>
        <CardContent className="pt-5">
          <SettingsForm
            key={tenant.id}
            canEdit={can(role, "settings.update")}
            timeZones={zones}
            initialClaim={tenant.customDomain && tenant.domainVerification ? { domain: tenant.customDomain, ...tenant.domainVerification } : null}
            initial={{
              name: tenant.name,
              slug: tenant.slug,
              logoUrl: tenant.logoUrl ?? "",
              timeZone: tenant.timeZone,
              customDomain: tenant.customDomain ?? "",
              wechatAppId: tenant.wechatAppId ?? "",
            }}
          />
        </CardContent>
      </Card>
      <Section title={o("storeSettings")} className="mt-4">
        <StoreSettingsForm key={tenant.id} canEdit={can(role, "settings.update")} initial={store} />
      </Section>
      <Link
        href="/console/settings/payments"
        className="mt-4 flex items-center gap-3 rounded-xl border border-slate-200 bg-white p-5 shadow-sm hover:bg-slate-50"
        data-testid="settings-payments-link"
      >
        <CreditCard className="h-5 w-5 text-emerald-700" aria-hidden />
        <span className="flex-1">
          <span className="block font-semibold">{tp("settingsLinkTitle")}</span>
          <span className="block text-sm text-slate-500">{tp("settingsLinkHint")}</span>
        </span>
        <ChevronRight className="h-5 w-5 text-slate-400" aria-hidden />
      </Link>
    </div>
  );
}
