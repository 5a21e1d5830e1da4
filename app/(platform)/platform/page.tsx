import { getFormatter, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { EmptyState, Section } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";

export default async function PlatformPage() {
  const { user, caller } = await consoleFrame("/platform");
  const t = await getTranslations("platform");
  const te = await getTranslations("errors");
  if (!user.isPlatformOperator) return <EmptyState title={te("platform.required")} />;
  const tenants = await caller.platform.tenants();
  const format = await getFormatter();
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: t("title") }]} />
      <Section title={<>{t("tenants")} ({tenants.length})</>}>
        <table className="w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {tenants.map((x) => (
              <tr key={x.id}>
                <td className="py-2 font-medium">{x.name}</td>
                <td className="py-2 text-slate-500">{x.slug}</td>
                <td className="py-2">{x.plan}</td>
                <td className="py-2">{x.status}</td>
                <td className="py-2 text-xs text-slate-500">{format.dateTime(x.createdAt, { dateStyle: "medium" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
