import { getTranslations } from "next-intl/server";
import { ConsoleShell } from "@/components/console/shell";
import { consoleFrame } from "@/lib/console";

export const dynamic = "force-dynamic";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const { user, tenants, active, agency } = await consoleFrame("/console");
  const roles = await getTranslations("roles");
  return (
    <ConsoleShell user={user} tenants={tenants} active={active} roleLabel={active ? roles(active.role) : null} isAgency={Boolean(agency)}>
      {children}
    </ConsoleShell>
  );
}
