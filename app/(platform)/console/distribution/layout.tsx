import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { NavLink } from "@/components/console/nav-link";
import { consoleFrame } from "@/lib/console";

/** The distribution programme's sections, as tabs (sub-routes) under one heading. */
const TABS = [
  { href: "/console/distribution", label: "tabs.programme", exact: true },
  { href: "/console/distribution/plan", label: "tabs.plan" },
  { href: "/console/distribution/levels", label: "tabs.levels" },
  { href: "/console/distribution/distributors", label: "tabs.distributors" },
  { href: "/console/distribution/commissions", label: "tabs.commissions" },
  { href: "/console/distribution/reviews", label: "reviews.tab" },
] as const;

export default async function DistributionLayout({ children }: { children: React.ReactNode }) {
  const t = await getTranslations("distribution");
  const c = await getTranslations("console");
  // The personal shops waiting for a decision, as a count on their tab (the console frame is cached per request).
  const { active, caller } = await consoleFrame("/console/distribution");
  const pending = active ? await caller.distribution.reviews.list({ status: "pending" }).then((r) => r.reviews.length, () => 0) : 0;
  return (
    <div>
      <Breadcrumbs items={[{ label: c("title"), href: "/console" }, { label: t("title") }]} />
      <h1 className="mb-3 text-2xl font-bold">{t("title")}</h1>
      <nav className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200 pb-2" aria-label={t("title")} data-testid="distribution-tabs">
        {TABS.map((tab) => (
          <NavLink key={tab.href} href={tab.href} exact={"exact" in tab}>
            {t(tab.label)}
            {tab.href === "/console/distribution/reviews" && pending ? (
              <span className="rounded-full bg-red-600 px-1.5 text-xs font-medium leading-5 text-white" data-testid="reviews-pending-count">
                {pending}
              </span>
            ) : null}
          </NavLink>
        ))}
      </nav>
      {children}
    </div>
  );
}
