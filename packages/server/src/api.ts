import { cookies } from "next/headers";
import { cache } from "react";
import { createCaller } from "../../api/src/root";
import { clerkIdentity } from "../../auth/src/identity";
import type { Context } from "../../api/src/trpc";
import { withContext } from "../../db/src/context";
import { accessToTenant, myTenants } from "../../db/src/queries/tenants";
import { LOCALE_COOKIE, toLocale } from "../../i18n/src";
import { getCurrentUser } from "./auth";
import { getDb } from "./db";
import { getActiveTenantId } from "./tenant";

/**
 * The console's tenant: the cookie when the user still has access to it,
 * otherwise their first tenant. Access is checked again by tenantProcedure.
 */
export const resolveActiveTenant = cache(async (): Promise<string | null> => {
  const user = await getCurrentUser();
  if (!user) return null;
  const db = await getDb();
  const wanted = await getActiveTenantId();
  return withContext(db, { userId: user.id }, async (tx) => {
    if (wanted && (await accessToTenant(tx, user.id, wanted))) return wanted;
    return (await myTenants(tx, user.id))[0]?.id ?? null;
  });
});

export const createContext = cache(async (): Promise<Context> => {
  const [db, user, jar] = await Promise.all([getDb(), getCurrentUser(), cookies()]);
  return { db, user, locale: toLocale(jar.get(LOCALE_COOKIE)?.value), activeTenantId: await resolveActiveTenant(), identity: clerkIdentity() };
});

/** Server components call procedures directly (same checks as over HTTP). */
export async function api() {
  return createCaller(await createContext());
}
