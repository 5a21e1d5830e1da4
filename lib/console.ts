import { redirect } from "next/navigation";
import { withContext } from "@/packages/db/src/context";
import { myAgency } from "@/packages/db/src/queries/agency";
import { myTenants } from "@/packages/db/src/queries/tenants";
import { getCurrentUser } from "@/packages/server/src/auth";
import { api, resolveActiveTenant } from "@/packages/server/src/api";
import { getDb } from "@/packages/server/src/db";

/** Everything the console frame needs, once per request. Redirects when signed out. */
export async function consoleFrame(nextPath: string) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  const db = await getDb();
  const [tenants, agency] = await withContext(db, { userId: user.id }, async (tx) => [await myTenants(tx, user.id), await myAgency(tx, user.id)] as const);
  const activeId = await resolveActiveTenant();
  const active = tenants.find((t) => t.id === activeId) ?? null;
  return { user, tenants, active, agency, caller: await api() };
}
