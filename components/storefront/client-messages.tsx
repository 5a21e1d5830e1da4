import { NextIntlClientProvider } from "next-intl";
import { MESSAGES } from "@/packages/i18n/src";
import type { Locale } from "@/packages/i18n/src/locales";

export type ClientNamespace = "common" | "errors" | "storefront" | "shop" | "myDistribution" | "personalShop" | "auth" | "income";

/**
 * The messages the browser gets for the client components below: only the
 * namespaces named (plus common, the shell's). Every page carries its
 * messages in its payload, so the product page (a cached render) ships the two
 * it uses instead of all the storefront's.
 */
export function ClientMessages({ locale, namespaces, children }: { locale: Locale; namespaces: readonly ClientNamespace[]; children: React.ReactNode }) {
  const messages = clientMessages(locale, namespaces);
  return (
    <NextIntlClientProvider locale={locale} messages={messages}>
      {children}
    </NextIntlClientProvider>
  );
}

/** `common` (the storefront shell's) and the namespaces named, in `locale`. */
export function clientMessages(locale: Locale, namespaces: readonly ClientNamespace[] = []) {
  return Object.fromEntries(["common", ...namespaces].map((k) => [k, MESSAGES[locale][k as ClientNamespace]]));
}
