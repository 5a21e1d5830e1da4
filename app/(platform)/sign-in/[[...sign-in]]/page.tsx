import { getTranslations } from "next-intl/server";
import { SignIn } from "@clerk/nextjs";
import { safeNextPath } from "@/packages/auth/src/next-path";
import { LanguageSwitch } from "@/components/language-switch";
import { CreateUserForm } from "@/components/auth/create-user-form";
import { Badge, Section } from "@/components/ui/card";
import { signInAs } from "@/app/_actions/session";
import { clerkEnabled, localSignInAllowed } from "@/packages/auth/src/config";
import { withContext } from "@/packages/db/src/context";
import { listLocalUsers } from "@/packages/db/src/queries/users";
import { getDb } from "@/packages/server/src/db";

export const dynamic = "force-dynamic";

/** After Clerk: the landing route binds a kept share code and sends each person where they belong. */
const landingUrl = (next?: string) => `/api/session/landing?next=${encodeURIComponent(safeNextPath(next, ""))}`;

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  const t = await getTranslations("auth");
  if (clerkEnabled()) {
    return (
      <main className="flex min-h-screen items-center justify-center p-6">
        <SignIn forceRedirectUrl={landingUrl(next)} signUpUrl="/sign-up" />
      </main>
    );
  }
  if (!localSignInAllowed()) {
    return <main className="p-10 text-center text-red-700">{t("disabledInProduction")}</main>;
  }
  const users = await withContext(await getDb(), {}, (tx) => listLocalUsers(tx));
  return (
    <main className="mx-auto max-w-2xl space-y-6 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">{t("signInTitle")}</h1>
        <LanguageSwitch />
      </div>
      <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" data-testid="local-signin-notice">
        {t("localNotice")}
      </p>
      <Section title={t("pickUser")}>
        <ul className="divide-y divide-slate-100">
          {users.map((u) => (
            <li key={u.id}>
              <form action={signInAs} className="flex items-center justify-between gap-3 py-2">
                <input type="hidden" name="userId" value={u.id} />
                {next ? <input type="hidden" name="next" value={next} /> : null}
                <div className="min-w-0">
                  <p className="truncate font-medium">{u.name}</p>
                  <p className="truncate text-xs text-slate-500">
                    {u.email}
                    {u.demoNote ? ` · ${u.demoNote}` : ""}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  {u.isPlatformOperator ? <Badge>{t("operator")}</Badge> : null}
                  <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100" data-testid={`signin-${u.email}`}>
                    {t("signInTitle")}
                  </button>
                </div>
              </form>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t("orCreate")}>
        <CreateUserForm next={next} />
      </Section>
    </main>
  );
}
