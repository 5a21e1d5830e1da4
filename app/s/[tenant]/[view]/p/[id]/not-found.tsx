import { getTranslations } from "next-intl/server";
import { PackageX } from "lucide-react";

/**
 * A link to a product taken off sale or deleted (HTTP 404), inside the
 * shop's own layout and theme: it says so, and the tab bar and the link lead
 * back into the shop.
 */
export default async function ProductGone() {
  const t = await getTranslations("storefront");
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
