import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { ClerkProvider } from "@clerk/nextjs";
import { Providers } from "@/components/trpc";
import { clerkEnabled } from "@/packages/auth/src/config";
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
 * and query client, Clerk when configured.
 */
export function RootDocument({ locale, messages, children }: { locale: Locale; messages?: AbstractIntlMessages; children: React.ReactNode }) {
  const body = (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider {...(messages ? { locale, messages } : {})}>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
  return clerkEnabled() ? <ClerkProvider>{body}</ClerkProvider> : body;
}
