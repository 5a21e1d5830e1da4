import Link from "next/link";
import { Suspense } from "react";
import { getTranslations } from "next-intl/server";
import { FileText, Home, LayoutGrid, Share2, ShoppingCart, User, type LucideIcon } from "lucide-react";
import { ShopLanguageSwitch } from "@/components/storefront/shop-language-switch";
import { RefBinder } from "@/components/storefront/ref-binder";
import type { Metadata, Viewport } from "next";
import { ShopDocument } from "@/components/storefront/shop-document";
import { LazyClerkProvider } from "@/components/auth/lazy-clerk";
import { clerkEnabled } from "@/packages/auth/src/config";
import { letterIcon } from "@/packages/tenancy/src/branding";
import { navLabel, readTheme, toCssVariables, type NavItem, type TabTarget } from "@/packages/theme/src";
import { storefrontPage, type StorefrontParams } from "./tenant";

// Not imported from components/root-document: that module brings the platform's client providers into the shop's bundle.
export const viewport: Viewport = { width: "device-width", initialScale: 1 };

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

const TAB_ICONS: Record<TabTarget, LucideIcon> = { home: Home, category: LayoutGrid, cart: ShoppingCart, me: User, distribution: Share2, page: FileText };
const TAB_COLUMNS = ["", "grid-cols-1", "grid-cols-2", "grid-cols-3", "grid-cols-4", "grid-cols-5"] as const;

/** Where a tab of the theme's tab bar leads in this view. */
function tabHref(item: NavItem, base: string) {
  switch (item.target) {
    case "home":
      return base || "/";
    case "category":
      return `${base}/category`;
    case "cart":
      return `${base}/cart`;
    case "me":
      return `${base}/me`;
    case "distribution":
      return `${base}/me/distribution`;
    case "page":
      return `${base}/pages/${item.pageSlug}`;
  }
}

/**
 * The storefront's root layout: mobile-first shell painted with the live
 * release's theme (colours, font, radius, logo and tab bar, which publishing
 * copies onto the tenant row: no release read here), in the language of its
 * view. Reads no cookie, header or query (storefrontPage), so the product
 * page under it is cached.
 */
export default async function StorefrontLayout({ children, params }: { children: React.ReactNode; params: Promise<StorefrontParams> }) {
  const { tenant, base, shop, locale } = await storefrontPage(await params);

  const theme = readTheme(tenant.theme);
  const style = { ...toCssVariables(theme), fontFamily: "var(--brand-font)" } as React.CSSProperties;
  const tabs = theme.tabBar.map((item) => ({ href: tabHref(item, base), icon: TAB_ICONS[item.target], label: navLabel(item, locale), key: `${item.target}:${item.pageSlug ?? ""}` }));
  const common = await getTranslations({ locale, namespace: "common" });
  // No client providers here: pages whose client components need the API or client messages add them ((live)/layout.tsx, p/[id]/layout.tsx).
  return (
    <ShopDocument locale={locale} auth={clerkEnabled() ? LazyClerkProvider : null}>
      <div style={style} className="min-h-screen bg-surface text-ink" data-testid="storefront" data-tenant={tenant.slug}>
        <div className="mx-auto flex min-h-screen max-w-md flex-col bg-surface shadow-sm">
          <header className="sticky top-0 z-10 flex items-center justify-between bg-brand px-4 py-3 text-brand-foreground">
            <Link href={base || "/"} className="flex items-center gap-2 font-semibold" data-testid="storefront-name">
              {tenant.logoUrl ? (
                // eslint-disable-next-line @next/next/no-img-element
                <img src={tenant.logoUrl} alt="" width={28} height={28} className="h-7 w-7 rounded-full bg-white object-cover" />
              ) : null}
              {tenant.name}
            </Link>
            <ShopLanguageSwitch locale={locale} label={common("switchTo")} ariaLabel={common("language")} className="text-brand-foreground hover:bg-white/15" />
          </header>
          <main className="flex-1 pb-20">{children}</main>
          <Suspense fallback={null}>
            <RefBinder shop={shop} base={base} protectionDays={tenant.protectionDays} />
          </Suspense>
          <nav className={`fixed bottom-0 left-1/2 z-10 grid w-full max-w-md -translate-x-1/2 ${TAB_COLUMNS[tabs.length]} border-t border-black/5 bg-white/95 backdrop-blur`} aria-label="tab bar">
            {tabs.map((x) => (
              <Link key={x.key} href={x.href} className="flex flex-col items-center gap-0.5 py-2 text-xs text-slate-600">
                <x.icon className="h-5 w-5" aria-hidden />
                {x.label}
              </Link>
            ))}
          </nav>
        </div>
      </div>
    </ShopDocument>
  );
}
