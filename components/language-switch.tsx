"use client";

import { useLocale, useTranslations } from "next-intl";
import { ShopLanguageSwitch } from "@/components/storefront/shop-language-switch";
import type { Locale } from "@/packages/i18n/src/locales";
import { cn } from "@/lib/cn";

/**
 * On the platform's pages: flips zh-CN ⇄ en (a cookie) and re-renders in place. The same button as the
 * storefront's, with its labels from next-intl's client messages (which platform pages carry).
 */
export function LanguageSwitch({ className }: { className?: string }) {
  const locale = useLocale() as Locale;
  const t = useTranslations("common");
  return <ShopLanguageSwitch locale={locale} label={t("switchTo")} ariaLabel={t("language")} className={cn("text-slate-600 hover:bg-slate-100", className)} />;
}
