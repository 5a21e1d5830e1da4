import { redirect } from "next/navigation";
import { LevelsForm } from "@/components/console/distribution/levels-form";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

/** The five distributor levels: names in both languages, promotion criteria, decoration privilege. */
export default async function LevelsPage() {
  const { active, caller } = await consoleFrame("/console/distribution/levels");
  if (!active) redirect("/console");
  const [{ role }, state] = await Promise.all([caller.tenant.current(), caller.distribution.programme()]);
  return <LevelsForm key={active.id} initial={state.levels} canWrite={can(role, "distribution.write")} />;
}
