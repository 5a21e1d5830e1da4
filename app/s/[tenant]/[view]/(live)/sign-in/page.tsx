import { getTranslations } from "next-intl/server";
import { SignIn } from "@clerk/nextjs";
import { safeNextPath } from "@/packages/auth/src/next-path";
import { clerkEnabled, localSignInAllowed } from "@/packages/auth/src/config";
import { CreateUserForm } from "@/components/auth/create-user-form";
import { ClientMessages } from "@/components/storefront/client-messages";
import { storefrontPage, type StorefrontParams } from "../../tenant";

export const dynamic = "force-dynamic";

/**
 * The shopper signs in (or up) inside the shop, in its theme, and comes back
 * to `next` (default: the shop's 我的). Nothing of the platform: Clerk's
 * component in the shop's layout, or, offline, a clearly labelled local demo
 * sign-in that creates a shopper account only (no staff or operator list).
 * The same server actions as the platform's sign-in (app/_actions/session.ts).
 */
export default async function StoreSignIn({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Promise<{ next?: string }> }) {
  const { tenant, base, locale } = await storefrontPage(await params);
  const { next } = await searchParams;
  const back = safeNextPath(next, `${base}/me`);
  const t = await getTranslations("storefront");
  if (clerkEnabled()) {
    return (
      <div className="flex justify-center p-4">
        {/* Through the landing route (/api, so the shop's own host reaches it): the kept share code binds, then back into the shop. */}
        <SignIn routing="hash" forceRedirectUrl={`/api/session/landing?next=${encodeURIComponent(back)}`} signUpForceRedirectUrl={`/api/session/landing?next=${encodeURIComponent(back)}`} />
      </div>
    );
  }
  if (!localSignInAllowed()) return <p className="p-10 text-center text-sm text-slate-500">{t("signInUnavailable")}</p>;
  return (
    <ClientMessages locale={locale} namespaces={["auth"]}>
      <div className="space-y-3 p-3">
        <section className="rounded-brand bg-brand p-5 text-brand-foreground">
          <h1 className="text-lg font-semibold">{t("signInTitle", { shop: tenant.name })}</h1>
        </section>
        <p className="rounded-brand border border-amber-300 bg-amber-50 p-3 text-xs text-amber-900" data-testid="store-local-signin-notice">
          {t("localSignInNotice")}
        </p>
        <section className="rounded-brand bg-white p-4 shadow-sm ring-1 ring-black/5" data-testid="store-signin">
          <CreateUserForm next={back} />
        </section>
      </div>
    </ClientMessages>
  );
}
