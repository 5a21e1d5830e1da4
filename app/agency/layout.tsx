import { getTranslations } from "next-intl/server";
import { ConsoleShell } from "@/components/console/shell";
import { consoleFrame } from "@/lib/console";

export const dynamic = "force-dynamic";

export default async function AgencyLayout({ children }: { children: React.ReactNode }) {
  const { user, tenants, active, agency } = await consoleFrame("/agency");
  const roles = await getTranslations("roles");
  return (
    <ConsoleShell user={user} tenants={tenants} active={active} roleLabel={agency ? roles("agency") : null} isAgency={Boolean(agency)}>
      {children}
    </ConsoleShell>
  );
}
