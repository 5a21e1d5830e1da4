import { FileQuestion } from "lucide-react";
import { getTranslations } from "next-intl/server";

/**
 * A landing page the shop's release does not have (HTTP 404), inside the
 * shop's layout. It gets no params: ".." from /s/{slug}/pages/{page} (or
 * /pages/{page} on the shop's host) is the shop's home.
 */
export default async function LandingPageGone() {
  const [b, t] = await Promise.all([getTranslations("blocks"), getTranslations("storefront")]);
  return (
    <div className="space-y-3 p-10 text-center" data-testid="page-gone">
      <FileQuestion className="mx-auto h-12 w-12 text-slate-300" aria-hidden />
      <p className="text-lg font-semibold">{b("pageNotFound")}</p>
      <a href=".." className="inline-block rounded-brand bg-brand px-4 py-2 text-sm text-brand-foreground">
        {t("backHome")}
      </a>
    </div>
  );
}
