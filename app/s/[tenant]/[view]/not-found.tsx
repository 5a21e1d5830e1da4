import { getTranslations } from "next-intl/server";
import { LanguageSwitch } from "@/components/language-switch";

export default async function StoreNotFound() {
  const t = await getTranslations("storefront");
  return (
    <main className="space-y-4 p-10 text-center text-slate-600">
      <p>{t("notFound")}</p>
      <LanguageSwitch />
    </main>
  );
}
