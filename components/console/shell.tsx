import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { LayoutDashboard, Settings, Users, Store, Building2, LogOut, ShieldCheck, Package, ReceiptText, Share2, Palette, Smartphone, MessageSquareCode, Wallet } from "lucide-react";
import { LanguageSwitch } from "@/components/language-switch";
import { NavLink } from "@/components/console/nav-link";
import { TenantSwitcher } from "@/components/console/tenant-switcher";
import { signOut } from "@/app/_actions/session";

export type ShellProps = {
  user: { name: string; isPlatformOperator: boolean };
  tenants: { id: string; name: string; slug: string }[];
  active: { id: string; name: string; slug: string } | null;
  roleLabel: string | null;
  isAgency: boolean;
  children: React.ReactNode;
};

/** The merchant console's sections, in nav order (labels under "console"; distribution's and design's are their namespaces' "title"). */
const TENANT_NAV: { href: string; icon: typeof Package; label: "overview" | "products" | "orders" | "distribution" | "design" | "miniprogram" | "finance" | "settings" | "members"; exact?: boolean }[] = [
  { href: "/console", icon: LayoutDashboard, label: "overview", exact: true },
  { href: "/console/products", icon: Package, label: "products" },
  { href: "/console/orders", icon: ReceiptText, label: "orders" },
  { href: "/console/distribution", icon: Share2, label: "distribution" },
  { href: "/console/design", icon: Palette, label: "design" },
  { href: "/console/miniprogram", icon: Smartphone, label: "miniprogram" },
  { href: "/console/finance", icon: Wallet, label: "finance" },
  { href: "/console/settings", icon: Settings, label: "settings" },
  { href: "/console/members", icon: Users, label: "members" },
];

/** The console frame shared by merchant, agency and platform pages. */
export async function ConsoleShell({ user, tenants, active, roleLabel, isAgency, children }: ShellProps) {
  const t = await getTranslations("console");
  const d = await getTranslations("distribution");
  const ds = await getTranslations("design");
  const c = await getTranslations("common");
  const a = await getTranslations("agency");
  const p = await getTranslations("platform");
  return (
    <div className="min-h-screen md:grid md:grid-cols-[220px_1fr]">
      <aside className="border-b border-slate-200 bg-white md:min-h-screen md:border-b-0 md:border-r">
        <div className="flex items-center justify-between px-4 py-4">
          <Link href="/" className="font-bold text-emerald-800">
            {c("appName")}
          </Link>
        </div>
        <nav className="flex gap-1 overflow-x-auto px-2 pb-2 md:flex-col md:pb-4" aria-label={t("title")}>
          {active ? (
            <>
              {TENANT_NAV.map(({ href, icon: Icon, label, exact }) => (
                <NavLink key={href} href={href} exact={exact}>
                  <Icon className="h-4 w-4" aria-hidden /> {label === "distribution" ? d("title") : label === "design" ? ds("title") : t(label)}
                </NavLink>
              ))}
              <a href={`/s/${active.slug}`} target="_blank" rel="noreferrer" className="flex shrink-0 items-center gap-2 whitespace-nowrap rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100">
                <Store className="h-4 w-4" aria-hidden /> {c("viewStore")}
              </a>
            </>
          ) : null}
          {isAgency ? (
            <NavLink href="/agency">
              <Building2 className="h-4 w-4" aria-hidden /> {a("title")}
            </NavLink>
          ) : null}
          {user.isPlatformOperator ? (
            <NavLink href="/platform" exact>
              <ShieldCheck className="h-4 w-4" aria-hidden /> {p("title")}
            </NavLink>
          ) : null}
          {user.isPlatformOperator ? (
            <NavLink href="/platform/wechat">
              <MessageSquareCode className="h-4 w-4" aria-hidden /> {p("wechatNav")}
            </NavLink>
          ) : null}
        </nav>
      </aside>
      <div className="min-w-0">
        <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3 md:px-6">
          <div className="flex min-w-0 items-center gap-3">
            {active && tenants.length > 1 ? <TenantSwitcher tenants={tenants} activeId={active.id} /> : active ? <span className="font-medium">{active.name}</span> : null}
            {roleLabel ? <span className="text-xs text-slate-500" data-testid="current-role">{t("yourRole", { role: roleLabel })}</span> : null}
          </div>
          <div className="flex items-center gap-2">
            <span className="hidden text-sm text-slate-600 sm:inline">{user.name}</span>
            <LanguageSwitch />
            <form action={signOut}>
              <button type="submit" className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
                <LogOut className="h-4 w-4" aria-hidden /> {c("signOut")}
              </button>
            </form>
          </div>
        </header>
        <main className="mx-auto max-w-5xl p-4 md:p-6">{children}</main>
      </div>
    </div>
  );
}

export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav aria-label="breadcrumb" className="mb-4 text-sm text-slate-500">
      <ol className="flex flex-wrap items-center gap-1">
        {items.map((it, i) => (
          <li key={i} className="flex items-center gap-1">
            {i > 0 ? <span aria-hidden>/</span> : null}
            {it.href ? (
              <Link href={it.href} className="hover:text-slate-800">
                {it.label}
              </Link>
            ) : (
              <span className="text-slate-800">{it.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
