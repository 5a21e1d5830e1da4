import { getTranslations } from "next-intl/server";
import { ConsoleShell } from "@/components/console/shell";
import { consoleFrame } from "@/lib/console";

/**
 * The one layout of the signed-in areas. In the merchant console the header
 * shows the user's role in the active tenant; in the agency and platform
 * areas, their agency role.
 */
export async function FrameLayout({ area, children }: { area: "console" | "agency" | "platform"; children: React.ReactNode }) {
  const { user, tenants, active, agency } = await consoleFrame(`/${area}`);
  const roles = await getTranslations("roles");
  const roleLabel = area === "console" ? (active ? roles(active.role) : null) : agency ? roles("agency") : null;
  return (
    <ConsoleShell user={user} tenants={tenants} active={active} roleLabel={roleLabel} isAgency={Boolean(agency)}>
      {children}
    </ConsoleShell>
  );
}
