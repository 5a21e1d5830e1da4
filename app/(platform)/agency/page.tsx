import { getFormatter, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { CloneTenant } from "@/components/console/clone-tenant";
import { CreateTenantForm } from "@/components/console/create-tenant-form";
import { Button } from "@/components/ui/button";
import { Badge, EmptyState, Section } from "@/components/ui/card";
import { switchTenant } from "@/app/_actions/session";
import { consoleFrame } from "@/lib/console";
import { templateOptions } from "@/lib/templates";

export default async function AgencyPage() {
  const { agency, caller } = await consoleFrame("/agency");
  const t = await getTranslations("agency");
  const cs = await getTranslations("console");
  const c = await getTranslations("common");
  const format = await getFormatter();
  if (!agency) return <EmptyState title={t("noAgency")} />;
  const { tenants } = await caller.agency.overview();
  return (
    <div className="space-y-6">
      <Breadcrumbs items={[{ label: t("title") }]} />
      <h1 className="text-2xl font-bold">{agency.name}</h1>
      <Section title={t("tenants")}>
        {tenants.length === 0 ? (
          <p className="text-sm text-slate-500">{c("empty")}</p>
        ) : (
          <ul className="grid gap-3 md:grid-cols-2" data-testid="agency-tenants">
            {tenants.map((x) => (
              <li key={x.id} className="rounded-lg border border-slate-200 p-4" data-testid={`agency-tenant-${x.slug}`}>
                <div className="flex items-start justify-between gap-2">
                  <div>
                    <p className="font-medium">{x.name}</p>
                    <p className="text-xs text-slate-500">/s/{x.slug}</p>
                  </div>
                  <Badge>
                    {t("plan")}: {x.plan}
                  </Badge>
                </div>
                <dl className="mt-3 grid grid-cols-3 gap-2 text-center text-sm">
                  <div>
                    <dt className="text-xs text-slate-500">{cs("products")}</dt>
                    <dd className="font-semibold">{format.number(x.products)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{cs("membersCount")}</dt>
                    <dd className="font-semibold">{format.number(x.members)}</dd>
                  </div>
                  <div>
                    <dt className="text-xs text-slate-500">{cs("distributors")}</dt>
                    <dd className="font-semibold">{format.number(x.distributors)}</dd>
                  </div>
                </dl>
                <div className="mt-3 flex flex-wrap items-center gap-2">
                  <form action={switchTenant}>
                    <input type="hidden" name="tenantId" value={x.id} />
                    <input type="hidden" name="next" value="/console" />
                    <Button type="submit" size="sm" data-testid={`enter-${x.slug}`}>
                      {c("enter")}
                    </Button>
                  </form>
                  <CloneTenant sourceId={x.id} sourceName={x.name} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={t("createTenant")}>
        <CreateTenantForm templates={templateOptions()} mode="agency" />
      </Section>
    </div>
  );
}
