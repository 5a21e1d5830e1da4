import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { ClerkProvider } from "@clerk/nextjs";
import { Providers } from "@/components/trpc";
import { clerkEnabled } from "@/packages/auth/src/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "云分销 CloudMall", template: "%s · 云分销" },
  description: "多商户白标分销商城 SaaS",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const body = (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
  return clerkEnabled() ? <ClerkProvider>{body}</ClerkProvider> : body;
}
