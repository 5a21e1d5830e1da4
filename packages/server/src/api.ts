import { cookies, headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "../../api/src/root";
import { clerkIdentity } from "../../auth/src/identity";
import type { Context } from "../../api/src/trpc";
import { withContext } from "../../db/src/context";
import { myAgency } from "../../db/src/queries/agency";
import { myTenants } from "../../db/src/queries/tenants";
import { LOCALE_COOKIE, toLocale } from "../../i18n/src";
import { getCurrentUser } from "./auth";
import { getDb } from "./db";
import { paymentsRuntime } from "./payments";
import { openidFromIdentities, wechatPayRuntime } from "./wechatpay-checkout";
import { DECORATED_PAGE_SECONDS, invalidateStorefront } from "./storefront-cache";
import { livePageCache } from "./live-pages";
import { domainChecker } from "./domain-check";
import { forgetSlugRedirects } from "./slug-redirects";
import { getActiveTenantId } from "./tenant";
import { bearerContext } from "./miniprogram-session";
import { localeOfHeaders } from "./miniprogram-http";
import { sessionSecret } from "./secret";
import { miniprogramRuntime } from "./wechat-mp";
import { payoutsRuntime } from "./payouts";

/**
 * The tenants the signed-in user can enter (own memberships and their
 * agencies' tenants) and their agency: one transaction per request, shared by
 * the console frame and the active-tenant choice.
 */
export const userWorkspace = cache(async () => {
  const user = await getCurrentUser();
  if (!user) return null;
  const db = await getDb();
  return withContext(db, { userId: user.id }, async (tx) => ({ tenants: await myTenants(tx, user.id), agency: await myAgency(tx, user.id) }));
});

/**
 * The console's tenant: the cookie when it names a tenant the user can enter,
 * otherwise their first tenant. Access is checked again by tenantProcedure.
 */
export const resolveActiveTenant = cache(async (): Promise<string | null> => {
  const workspace = await userWorkspace();
  if (!workspace) return null;
  const wanted = await getActiveTenantId();
  return workspace.tenants.find((t) => t.id === wanted)?.id ?? workspace.tenants[0]?.id ?? null;
});

/** A tenant's storefront changed: drop its cached renders, and the slug redirects (a rename, proxy.ts). */
function storefrontChanged(tenantId: string) {
  invalidateStorefront(tenantId);
  forgetSlugRedirects();
}

/** The mini-program's page reads, kept as long as the H5 decorated pages (storefront-cache.ts). */
const livePages = livePageCache(DECORATED_PAGE_SECONDS * 1000);

/** WeChat Pay for mini-program checkouts; the payer is the shopper's identity in the shop's mini-program (its session). */
const wechatPay = () => ({ ...wechatPayRuntime(getDb), openidFor: openidFromIdentities, env: process.env });

export const createContext = cache(async (): Promise<Context> => {
  const [db, jar, h] = await Promise.all([getDb(), cookies(), headers()]);
  const common = { db, activeTenant: resolveActiveTenant, identity: clerkIdentity(), payments: paymentsRuntime(), domainCheck: domainChecker(), storefrontChanged, livePages, miniprogram: miniprogramRuntime(), wechatPay: wechatPay(), payouts: payoutsRuntime(getDb) };
  const authorization = h.get("authorization");
  if (authorization && /^bearer\b/i.test(authorization.trim())) {
    // The mini-program (no cookies): its bearer token and nothing else signs the request in; shopperProcedure alone accepts it.
    return { ...common, activeTenantId: null, locale: localeOfHeaders(h), ...(await bearerContext(db, sessionSecret(), authorization)) };
  }
  return { ...common, user: await getCurrentUser(), locale: toLocale(jar.get(LOCALE_COOKIE)?.value) };
});

/** Server components call procedures directly (same checks as over HTTP). */
export async function api() {
  return createCaller(await createContext());
}
