import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { Providers } from "@/components/trpc";
import type { Locale } from "@/packages/i18n/src/locales";
import "@/app/globals.css";

export const rootMetadata: Metadata = {
  title: { default: "云分销 CloudMall", template: "%s · 云分销" },
  description: "多商户白标分销商城 SaaS",
};
export const rootViewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * The platform's <html> (app/(platform)/layout.tsx): language, next-intl's
 * client messages (from its request config), the tRPC and query client.
 * Clerk, when configured, is the caller's `auth` wrapper. The storefront has
 * its own root (app/s/[tenant]/[view]/layout.tsx), which ships none of these.
 */
export function RootDocument({
  locale,
  auth: Auth,
  children,
}: {
  locale: Locale;
  auth?: React.ComponentType<{ children: React.ReactNode }> | null;
  children: React.ReactNode;
}) {
  const body = (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
  return Auth ? <Auth>{body}</Auth> : body;
}
