import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/language-switch";
import { CreateTenantForm } from "@/components/console/create-tenant-form";
import { templateOptions } from "@/lib/templates";
import { getCurrentUser } from "@/packages/server/src/auth";

export const dynamic = "force-dynamic";

export default async function OnboardingPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/sign-in?next=/onboarding");
  const t = await getTranslations("onboarding");
  return (
    <main className="mx-auto max-w-3xl space-y-6 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <LanguageSwitch />
      </div>
      <p className="text-slate-600">{t("subtitle")}</p>
      <CreateTenantForm templates={templateOptions()} mode="self" />
    </main>
  );
}
