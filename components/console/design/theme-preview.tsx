"use client";

import { FileText, Home, LayoutGrid, Menu, Share2, ShoppingCart, User, type LucideIcon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { navLabel, readTheme, toCssVariables, type Theme, type TabTarget } from "@/packages/theme/src";

const ICONS: Record<TabTarget, LucideIcon> = { home: Home, category: LayoutGrid, cart: ShoppingCart, me: User, distribution: Share2, page: FileText };

/**
 * The edited theme on a phone (375 px): header, navigation, a sample product
 * card, buttons and the tab bar, painted with the same CSS variables the
 * storefront reads (toCssVariables), as the merchant types. A value being
 * colour being typed that is not valid yet shows the default's (readTheme),
 * never nothing.
 */
export function ThemePreview({ theme, shopName }: { theme: Theme; shopName: string }) {
  const t = useTranslations("design.theme");
  const locale = useLocale();
  const th = readTheme(theme);
  const style = { ...toCssVariables(th), fontFamily: "var(--brand-font)" } as React.CSSProperties;
  // Items as typed (a half-typed label would make readTheme fall back to the default tab bar).
  const tabs = theme.tabBar;
  const navigation = theme.navigation;
  return (
    <figure className="space-y-2" aria-label={t("preview")}>
      <figcaption className="text-sm font-medium text-slate-700">
        {t("preview")} <span className="block text-xs font-normal text-slate-500">{t("previewHint")}</span>
      </figcaption>
      <div className="w-[391px] max-w-full rounded-[2.25rem] border-8 border-slate-800 bg-slate-800 shadow-lg" data-testid="theme-preview">
        <div style={style} className="relative flex h-[640px] w-[375px] max-w-full flex-col overflow-hidden rounded-[1.75rem] bg-surface text-ink" data-testid="theme-preview-screen">
          <header className="flex items-center justify-between bg-brand px-4 py-3 text-brand-foreground" data-testid="preview-header">
            <span className="flex min-w-0 items-center gap-2 font-semibold">
              {th.logo ? (
                // eslint-disable-next-line @next/next/no-img-element -- the shop's own /api/media bytes
                <img src={th.logo} alt="" className="h-7 w-7 rounded-full bg-white object-cover" />
              ) : null}
              <span className="truncate">{shopName}</span>
            </span>
            <Menu className="h-5 w-5" aria-hidden />
          </header>
          {navigation.length ? (
            <nav className="flex gap-2 overflow-x-auto border-b border-black/5 px-3 py-2 text-sm" data-testid="preview-navigation">
              {navigation.map((item, i) => (
                <span key={i} className="shrink-0 rounded-brand px-2 py-0.5 ring-1 ring-black/10">
                  {navLabel(item, locale)}
                </span>
              ))}
            </nav>
          ) : null}
          <div className="flex-1 space-y-3 overflow-y-auto p-3">
            <p className="rounded-brand bg-accent/10 px-3 py-2 text-xs font-medium text-accent">{t("sampleNotice")}</p>
            <div className="grid grid-cols-2 gap-3">
              {[0, 1].map((n) => (
                <div key={n} className="overflow-hidden rounded-brand bg-white shadow-sm ring-1 ring-black/5" data-testid={n === 0 ? "preview-product" : undefined}>
                  <div className="aspect-square bg-gradient-to-br from-emerald-100 via-amber-50 to-slate-100" aria-hidden />
                  <div className="space-y-1 p-2.5">
                    <p className="line-clamp-2 text-sm font-medium leading-snug text-slate-900">{t("sampleProduct")}</p>
                    <p className="line-clamp-1 text-xs text-slate-500">{t("sampleSubtitle")}</p>
                    <p className="font-semibold text-brand">{t("samplePrice")}</p>
                  </div>
                </div>
              ))}
            </div>
            <div className="flex gap-2">
              <span className="flex h-10 flex-1 items-center justify-center rounded-brand border border-brand text-sm font-medium text-brand">{t("addToCart")}</span>
              <span className="flex h-10 flex-1 items-center justify-center rounded-brand bg-brand text-sm font-medium text-brand-foreground" data-testid="preview-button">
                {t("buyNow")}
              </span>
            </div>
          </div>
          <nav className="grid border-t border-black/5 bg-white/95" style={{ gridTemplateColumns: `repeat(${Math.max(tabs.length, 1)}, minmax(0, 1fr))` }} data-testid="preview-tab-bar">
            {tabs.map((item, i) => {
              const Icon = ICONS[item.target];
              return (
                <span key={i} className={i === 0 ? "flex flex-col items-center gap-0.5 py-2 text-xs text-brand" : "flex flex-col items-center gap-0.5 py-2 text-xs text-slate-600"}>
                  <Icon className="h-5 w-5" aria-hidden />
                  <span className="max-w-full truncate px-1">{navLabel(item, locale)}</span>
                </span>
              );
            })}
          </nav>
        </div>
      </div>
    </figure>
  );
}
