import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { Providers } from "@/components/trpc";
import type { Locale } from "@/packages/i18n/src/locales";
import "@/app/globals.css";

export const rootMetadata: Metadata = {
  title: { default: "云分销 CloudMall", template: "%s · 云分销" },
  description: "多商户白标分销商城 SaaS",
};
export const rootViewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * The <html> both root layouts render (the platform's, app/(platform), and the
 * storefront's, app/s/[tenant]/[view]): language, client messages, the tRPC
 * and query client. Clerk, when configured, is the caller's `auth` wrapper:
 * the platform's ClerkProvider, or the storefront's LazyClerkProvider, which
 * keeps Clerk's code out of a shop's bundle unless Clerk is on.
 */
export function RootDocument({
  locale,
  messages,
  auth: Auth,
  children,
}: {
  locale: Locale;
  messages?: AbstractIntlMessages;
  auth?: React.ComponentType<{ children: React.ReactNode }> | null;
  children: React.ReactNode;
}) {
  const body = (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider {...(messages ? { locale, messages } : {})}>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
  return Auth ? <Auth>{body}</Auth> : body;
}
