import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { Calculator } from "@/components/console/distribution/calculator";
import { GuardReport, Overrides, RatesForm } from "@/components/console/distribution/plan";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

/** The commission plan: the rate table, the margin guard, overrides per category/product, and the live calculator. */
export default async function PlanPage() {
  const { active, caller } = await consoleFrame("/console/distribution/plan");
  if (!active) redirect("/console");
  const [{ role }, state, guard, categories, list] = await Promise.all([
    caller.tenant.current(),
    caller.distribution.programme(),
    caller.distribution.guard(),
    caller.products.categories.list(),
    caller.products.list({ page: 1, pageSize: 100 }),
  ]);
  const locale = await getLocale();
  const canWrite = can(role, "distribution.write");
  const levelNames = state.levels.map((l) => (locale === "en" ? l.name.en : l.name["zh-CN"]));
  const products = list.items.map((p) => ({ id: p.id, name: p.name, priceFen: p.minPriceFen }));
  return (
    <div className="space-y-4">
      <RatesForm key={active.id} programme={state.programme} levelNames={levelNames} canWrite={canWrite} />
      <GuardReport violations={guard} />
      <Overrides
        key={`o-${active.id}`}
        overrides={state.overrides}
        levels={state.programme.levels}
        products={products}
        categories={categories.map((c) => ({ id: c.id, name: c.name }))}
        canWrite={canWrite}
      />
      <Calculator key={`k-${active.id}`} products={products} levelNames={levelNames} levels={state.programme.levels} />
    </div>
  );
}
