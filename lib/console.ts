import { redirect } from "next/navigation";
import { getCurrentUser } from "@/packages/server/src/auth";
import { api, resolveActiveTenant, userWorkspace } from "@/packages/server/src/api";

/**
 * Everything the console frame needs. Layout and page both call it; the
 * queries behind it run once per request (React cache). Redirects when signed out.
 */
export async function consoleFrame(nextPath: string) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  const [workspace, activeId, caller] = await Promise.all([userWorkspace(), resolveActiveTenant(), api()]);
  const tenants = workspace?.tenants ?? [];
  const active = tenants.find((t) => t.id === activeId) ?? null;
  return { user, tenants, active, agency: workspace?.agency ?? null, caller };
}
