import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { NavLink } from "@/components/console/nav-link";
import { Badge } from "@/components/ui/card";

/** The store design sections, as tabs (sub-routes) under one heading. The page editor (/console/design/pages/[id]) has its own frame. */
const TABS = [
  { href: "/console/design", label: "tabs.theme", exact: true },
  { href: "/console/design/pages", label: "tabs.pages" },
  { href: "/console/design/releases", label: "tabs.releases" },
] as const;

/** Heading, tabs and whether the drafts differ from what shoppers see (design.get's changedSinceLive). */
export async function DesignHeader({ changedSinceLive, liveVersion }: { changedSinceLive: boolean; liveVersion: number | null }) {
  const t = await getTranslations("design");
  const c = await getTranslations("console");
  return (
    <div>
      <Breadcrumbs items={[{ label: c("title"), href: "/console" }, { label: t("title") }]} />
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        {changedSinceLive ? (
          <Badge className="bg-amber-100 text-amber-800" title={t("unpublishedHint")} data-testid="design-unpublished">
            {t("unpublished")}
          </Badge>
        ) : (
          <Badge className="bg-emerald-50 text-emerald-800" data-testid="design-up-to-date">
            {liveVersion ? t("upToDate", { version: liveVersion }) : t("neverPublished")}
          </Badge>
        )}
      </div>
      <nav className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200 pb-2" aria-label={t("title")} data-testid="design-tabs">
        {TABS.map((tab) => (
          <NavLink key={tab.href} href={tab.href} exact={"exact" in tab}>
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
