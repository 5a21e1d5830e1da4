import { redirect } from "next/navigation";
import { ComplianceCard } from "@/components/console/distribution/compliance";
import { ProgrammeForm } from "@/components/console/distribution/programme-form";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

/** Programme settings (joining, binding, levels paid, team bonus, switches) and the compliance panel. */
export default async function DistributionPage() {
  const { active, caller } = await consoleFrame("/console/distribution");
  if (!active) redirect("/console");
  const [{ role }, state] = await Promise.all([caller.tenant.current(), caller.distribution.programme()]);
  const canWrite = can(role, "distribution.write");
  return (
    <div className="space-y-4">
      <ComplianceCard key={`c-${active.id}`} programme={state.programme} items={state.compliance} canWrite={canWrite} />
      <ProgrammeForm key={active.id} initial={state.programme} canWrite={canWrite} />
    </div>
  );
}
