import type { Locale } from "@/packages/i18n/src/locales";
import "@/app/globals.css";

/**
 * The storefront's <html>: language and, when Clerk is configured, its
 * provider (LazyClerkProvider). No client providers: the tRPC and query
 * client and next-intl's client messages are added by the pages whose client
 * components use them (the (live) layout, the product page), so a decorated
 * page (home, category, landing) ships none of their JavaScript.
 */
export function ShopDocument({ locale, auth: Auth, children }: { locale: Locale; auth?: React.ComponentType<{ children: React.ReactNode }> | null; children: React.ReactNode }) {
  const body = (
    <html lang={locale}>
      <body>{children}</body>
    </html>
  );
  return Auth ? <Auth>{body}</Auth> : body;
}
