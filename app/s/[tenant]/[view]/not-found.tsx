import { getLocale, getTranslations } from "next-intl/server";
import { ShopLanguageSwitch } from "@/components/storefront/shop-language-switch";
import { toLocale } from "@/packages/i18n/src/locales";

export default async function StoreNotFound() {
  const locale = toLocale(await getLocale());
  const [t, common] = await Promise.all([getTranslations({ locale, namespace: "storefront" }), getTranslations({ locale, namespace: "common" })]);
  return (
    <main className="space-y-4 p-10 text-center text-slate-600">
      <p>{t("notFound")}</p>
      <ShopLanguageSwitch locale={locale} label={common("switchTo")} ariaLabel={common("language")} className="text-slate-600 hover:bg-slate-100" />
    </main>
  );
}
