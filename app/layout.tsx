import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { headers } from "next/headers";
import { ClerkProvider } from "@clerk/nextjs";
import { Providers } from "@/components/trpc";
import { clerkEnabled } from "@/packages/auth/src/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "云分销 CloudMall", template: "%s · 云分销" },
  description: "多商户白标分销商城 SaaS",
};
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** What the storefront's client components translate; the console's namespaces stay on the server there. */
const STOREFRONT_NAMESPACES = ["common", "errors", "storefront", "shop", "myDistribution"] as const;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const storefront = (await headers()).get("x-fx-surface") === "storefront";
  const messages = storefront ? pick(await getMessages(), STOREFRONT_NAMESPACES) : undefined;
  const body = (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider {...(messages ? { messages } : {})}>
          <Providers>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
  return clerkEnabled() ? <ClerkProvider>{body}</ClerkProvider> : body;
}

function pick(messages: Record<string, unknown>, keys: readonly string[]) {
  return Object.fromEntries(keys.map((k) => [k, messages[k]]));
}
