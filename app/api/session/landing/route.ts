import { landingAfterSignIn, safeNextPath } from "@/packages/auth/src/next-path";
import { withContext } from "@/packages/db/src/context";
import { myTenants } from "@/packages/db/src/queries/tenants";
import { getCurrentUser } from "@/packages/server/src/auth";
import { getDb } from "@/packages/server/src/db";
import { applyReferralCookie } from "@/packages/server/src/referral";

export const dynamic = "force-dynamic";

/**
 * Where Clerk sends a person who just signed in or up (its forceRedirectUrl):
 * the share code kept in the shop's cookie binds them (as the local sign-in
 * does), then they land where they belong (landingAfterSignIn: the page they
 * came from, else /platform, /console or the home page), never on the
 * console's "you have no shop yet". Under /api so a tenant host reaches it
 * unrewritten.
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const next = safeNextPath(url.searchParams.get("next"), "");
  const user = await getCurrentUser();
  if (!user) return to(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
  await applyReferralCookie(user.id, next);
  const tenantCount = next ? 0 : (await withContext(await getDb(), { userId: user.id }, (tx) => myTenants(tx, user.id))).length;
  return to(landingAfterSignIn({ next, isPlatformOperator: user.isPlatformOperator, tenantCount }));
}

/** A relative redirect: the browser stays on the host it came by (the platform's or the shop's own). */
const to = (path: string) => new Response(null, { status: 303, headers: { Location: path, "Cache-Control": "no-store" } });
