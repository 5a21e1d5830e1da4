import Link from "next/link";
import { headers } from "next/headers";
import { shopSubdomainUrl } from "@/packages/server/src/host";
import { getFormatter, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { Button } from "@/components/ui/button";
import { Card, CardContent, EmptyState, Section } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";

export default async function ConsoleOverview() {
  const { active, caller, agency } = await consoleFrame("/console");
  const t = await getTranslations("console");
  if (!active) {
    return (
      <EmptyState title={t("noTenant")}>
        <Button asChild>
          <Link href={agency ? "/agency" : "/onboarding"}>{t("createOne")}</Link>
        </Button>
      </EmptyState>
    );
  }
  const [{ tenant }, o] = await Promise.all([caller.tenant.current(), caller.tenant.overview()]);
  const format = await getFormatter();
  const audit = await getTranslations("audit");
  const hostUrl = shopSubdomainUrl(tenant.slug, (await headers()).get("host"));
  const figures = [
    { label: t("products"), value: o.products },
    { label: t("onSale"), value: o.onSale },
    { label: t("membersCount"), value: o.members },
    { label: t("distributors"), value: o.distributors },
  ];
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: t("title"), href: "/console" }, { label: t("overview") }]} />
      <h1 className="text-2xl font-bold" data-testid="console-tenant-name">
        {tenant.name}
      </h1>
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        {figures.map((f) => (
          <Card key={f.label}>
            <CardContent className="pt-5">
              <p className="text-sm text-slate-500">{f.label}</p>
              <p className="mt-1 text-2xl font-semibold">{format.number(f.value)}</p>
            </CardContent>
          </Card>
        ))}
      </div>
      <Section title={t("storefront")} contentClassName="space-y-1 text-sm">
        <p>
          <a className="text-emerald-700 hover:underline" href={`/s/${tenant.slug}`} target="_blank" rel="noreferrer" data-testid="storefront-link">
            /s/{tenant.slug}
          </a>
        </p>
        <p>
          {t("hostUrl")}:{" "}
          <a className="text-emerald-700 hover:underline" href={hostUrl} target="_blank" rel="noreferrer" data-testid="storefront-host-link">
            {hostUrl.replace(/^https?:\/\//, "").replace(/\/$/, "")}
          </a>
          {tenant.customDomain ? <span> · {tenant.customDomain}</span> : null}
        </p>
      </Section>
      <Section title={t("recentActivity")}>
        {o.activity.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noActivity")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {o.activity.map((a) => (
              <li key={a.id} className="flex justify-between gap-3 py-2">
                <span className="text-slate-700">{audit.has(a.action as never) ? audit(a.action as never) : a.action}</span>
                <span className="text-xs text-slate-500">{format.dateTime(a.createdAt, { dateStyle: "medium", timeStyle: "short", timeZone: tenant.timeZone })}</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
