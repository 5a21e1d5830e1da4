import Link from "next/link";
import { getTranslations, getLocale } from "next-intl/server";
import { Store, Network, Building2 } from "lucide-react";
import { LanguageSwitch } from "@/components/language-switch";
import { Button } from "@/components/ui/button";
import { loadTemplates } from "@/packages/templates/src";
import { getCurrentUser } from "@/packages/server/src/auth";

export const dynamic = "force-dynamic";

export default async function Home() {
  const t = await getTranslations("marketing");
  const c = await getTranslations("common");
  const locale = await getLocale();
  const user = await getCurrentUser();
  const templates = [...loadTemplates().values()];
  const features = [
    { icon: Store, title: t("feature1Title"), body: t("feature1Body") },
    { icon: Network, title: t("feature2Title"), body: t("feature2Body") },
    { icon: Building2, title: t("feature3Title"), body: t("feature3Body") },
  ];
  return (
    <div className="min-h-screen bg-gradient-to-b from-emerald-50 to-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-5">
        <span className="text-lg font-bold text-emerald-800">{c("appName")}</span>
        <nav className="flex items-center gap-3">
          <LanguageSwitch />
          {user ? (
            <Button asChild variant="outline" size="sm">
              <Link href="/console">{t("ctaSecondary")}</Link>
            </Button>
          ) : (
            <Button asChild variant="ghost" size="sm">
              <Link href="/sign-in">{c("signIn")}</Link>
            </Button>
          )}
        </nav>
      </header>
      <main className="mx-auto max-w-6xl px-6">
        <section className="py-16 text-center md:py-24">
          <h1 className="text-3xl font-bold tracking-tight text-slate-900 md:text-5xl">{t("title")}</h1>
          <p className="mx-auto mt-5 max-w-2xl text-lg text-slate-600">{t("subtitle")}</p>
          <div className="mt-8 flex justify-center gap-3">
            <Button asChild size="lg">
              <Link href={user ? "/onboarding" : "/sign-up?next=/onboarding"} data-testid="cta-start">
                {t("cta")}
              </Link>
            </Button>
          </div>
        </section>
        <section className="grid gap-4 md:grid-cols-3">
          {features.map((f) => (
            <div key={f.title} className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
              <f.icon className="h-6 w-6 text-emerald-700" aria-hidden />
              <h2 className="mt-3 font-semibold">{f.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{f.body}</p>
            </div>
          ))}
        </section>
        <section className="py-16">
          <h2 className="text-xl font-semibold">{t("templatesTitle")}</h2>
          <div className="mt-4 grid gap-4 md:grid-cols-3">
            {templates.map((tpl) => (
              <div key={tpl.key} className="overflow-hidden rounded-xl border border-slate-200 bg-white">
                <div className="h-2" style={{ background: tpl.theme.primary }} />
                <div className="p-5">
                  <p className="font-medium">{tpl.name[locale]}</p>
                  <p className="mt-1 text-sm text-slate-600">{tpl.description[locale]}</p>
                  <p className="mt-3 line-clamp-2 text-sm text-slate-500">{tpl.products.slice(0, 4).map((p) => p.name.split(" ")[0]).join(" · ")}</p>
                </div>
              </div>
            ))}
          </div>
        </section>
      </main>
    </div>
  );
}
