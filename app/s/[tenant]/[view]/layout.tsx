import Link from "next/link";
import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { Home, LayoutGrid, ShoppingCart, User } from "lucide-react";
import { LanguageSwitch } from "@/components/language-switch";
import { RefBinder } from "@/components/storefront/ref-binder";
import type { Metadata } from "next";
import { RootDocument, rootViewport } from "@/components/root-document";
import { letterIcon } from "@/packages/tenancy/src/branding";
import { clientMessages } from "@/components/storefront/client-messages";
import { storefrontPage, type StorefrontParams } from "./tenant";

export const viewport = rootViewport;

/**
 * White label: the shop's name, description and icon (its logo, else its
 * initial in its theme colour), never the platform's.
 */
export async function generateMetadata({ params }: { params: Promise<StorefrontParams> }): Promise<Metadata> {
  const { tenant, locale } = await storefrontPage(await params);
  // The locale passed in: without it next-intl may read the cookie (a dynamic API) and the cached product pages fail.
  const t = await getTranslations({ locale, namespace: "storefront" });
  const icon = tenant.logoUrl || letterIcon(tenant.name, tenant.theme.primary, tenant.theme.primaryForeground);
  return {
    title: { default: tenant.name, template: `%s · ${tenant.name}` },
    description: t("metaDescription", { name: tenant.name }),
    applicationName: tenant.name,
    icons: { icon: [{ url: icon }], apple: tenant.logoUrl ? [{ url: tenant.logoUrl }] : undefined },
  };
}


const FONTS = { sans: "var(--font-sans)", serif: "var(--font-serif)", rounded: "var(--font-sans)" } as const;

/**
 * The storefront's root layout: mobile-first shell themed by the tenant's
 * tokens (CSS variables), in the language of its view. Reads no cookie or
 * header (storefrontPage), so the product page under it is cached.
 */
export default async function StorefrontLayout({ children, params }: { children: React.ReactNode; params: Promise<StorefrontParams> }) {
  const { tenant, base, shop, locale } = await storefrontPage(await params);
  const t = await getTranslations("storefront");

  const th = tenant.theme;
  const style = {
    "--brand-primary": th.primary,
    "--brand-primary-foreground": th.primaryForeground,
    "--brand-accent": th.accent,
    "--brand-background": th.background,
    "--brand-foreground": th.foreground,
    "--brand-radius": `${th.radius}px`,
    fontFamily: FONTS[th.font],
  } as React.CSSProperties;
  const tabs = [
    { href: base || "/", icon: Home, label: t("home") },
    { href: `${base}/search`, icon: LayoutGrid, label: t("category") },
    { href: `${base}/cart`, icon: ShoppingCart, label: t("cart") },
    { href: `${base}/me`, icon: User, label: t("me") },
  ];
  // The shell's client parts translate `common` (the language switch) and `storefront` (a product gone, not-found.tsx); pages add theirs (ClientMessages).
  return (
    <RootDocument locale={locale} messages={clientMessages(locale, ["storefront"])}>
      <div style={style} className="min-h-screen bg-surface text-ink" data-testid="storefront" data-tenant={tenant.slug}>
        <div className="mx-auto flex min-h-screen max-w-md flex-col bg-surface shadow-sm">
          <header className="sticky top-0 z-10 flex items-center justify-between bg-brand px-4 py-3 text-brand-foreground">
            <Link href={base || "/"} className="flex items-center gap-2 font-semibold" data-testid="storefront-name">
              {tenant.logoUrl ? (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={tenant.logoUrl} alt="" className="h-7 w-7 rounded-full bg-white object-cover" />
              ) : null}
              {tenant.name}
            </Link>
            <LanguageSwitch className="text-brand-foreground hover:bg-white/15" />
          </header>
          <main className="flex-1 pb-20">{children}</main>
          <Suspense fallback={null}>
            <RefBinder shop={shop} base={base} protectionDays={tenant.protectionDays} />
          </Suspense>
          <nav className="fixed bottom-0 left-1/2 z-10 grid w-full max-w-md -translate-x-1/2 grid-cols-4 border-t border-black/5 bg-white/95 backdrop-blur" aria-label="tab bar">
            {tabs.map((x) => (
              <Link key={x.label} href={x.href} className="flex flex-col items-center gap-0.5 py-2 text-xs text-slate-600">
                <x.icon className="h-5 w-5" aria-hidden />
                {x.label}
              </Link>
            ))}
          </nav>
        </div>
      </div>
    </RootDocument>
  );
}
