import { redirect } from "next/navigation";
import { DesignHeader } from "@/components/console/design/design-header";
import { ThemeForm } from "@/components/console/design/theme-form";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

/** 店铺装修 · 主题: the draft theme with its live phone preview. */
export default async function DesignThemePage() {
  const { active, caller } = await consoleFrame("/console/design");
  if (!active) redirect("/console");
  const [{ tenant, role }, design] = await Promise.all([caller.tenant.current(), caller.design.get()]);
  const pages = design.pages.filter((p) => p.kind === "landing" && p.slug).map((p) => ({ slug: p.slug!, title: p.title }));
  return (
    <div>
      <DesignHeader changedSinceLive={design.changedSinceLive} liveVersion={design.live?.version ?? null} />
      <ThemeForm key={tenant.id} initial={design.theme} pages={pages} shopName={tenant.name} canEdit={can(role, "decoration.write")} />
    </div>
  );
}
