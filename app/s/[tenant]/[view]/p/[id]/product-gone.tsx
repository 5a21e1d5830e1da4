import { getTranslations } from "next-intl/server";
import { PackageX } from "lucide-react";
import type { Locale } from "@/packages/i18n/src/locales";

/**
 * A link to a product taken off sale or deleted, inside the
 * shop's own layout and theme: it says so, and the tab bar and the link lead
 * back into the shop. Rendered by the page itself (a not-found.tsx is rendered
 * with no params, so it had to read the language cookie: a dynamic API that
 * broke the cached product render).
 */
export async function ProductGone({ locale }: { locale: Locale }) {
  const t = await getTranslations({ locale, namespace: "storefront" });
  return (
    <div className="space-y-4 p-10 text-center" data-testid="product-gone">
      <PackageX className="mx-auto h-12 w-12 text-slate-300" aria-hidden />
      <p className="text-lg font-semibold">{t("offSale")}</p>
      {/* Relative: the shop's home both under /s/{slug} and on its own host. */}
      <a href="../" className="inline-block rounded-brand bg-brand px-4 py-2 text-sm text-brand-foreground" data-testid="product-gone-home">
        {t("backHome")}
      </a>
    </div>
  );
}
