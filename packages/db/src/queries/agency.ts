import { asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { setContext } from "../context";
import { agencies, agencyMembers, distributors, memberships, products, tenants } from "../schema";

export async function myAgency(tx: Tx, userId: string) {
  const [a] = await tx
    .select({ id: agencies.id, name: agencies.name, role: agencyMembers.role })
    .from(agencyMembers)
    .innerJoin(agencies, eq(agencies.id, agencyMembers.agencyId))
    .where(eq(agencyMembers.userId, userId))
    .orderBy(asc(agencies.createdAt))
    .limit(1);
  return a ?? null;
}

/**
 * The agency console's table: each tenant with key figures. Figures are read
 * under each tenant's own context, so RLS still decides what is counted.
 */
export async function agencyTenants(tx: Tx, userId: string, agencyId: string) {
  const list = await tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, plan: tenants.plan, status: tenants.status, template: tenants.template, createdAt: tenants.createdAt })
    .from(tenants)
    .where(eq(tenants.agencyId, agencyId))
    .orderBy(asc(tenants.createdAt));
  const out = [];
  for (const t of list) {
    await setContext(tx, { userId, tenantId: t.id });
    const [figures] = await tx
      .select({
        products: sql<number>`(select count(*)::int from ${products} where ${products.tenantId} = ${t.id})`,
        members: sql<number>`(select count(*)::int from ${memberships} where ${memberships.tenantId} = ${t.id})`,
        distributors: sql<number>`(select count(*)::int from ${distributors} where ${distributors.tenantId} = ${t.id})`,
      })
      .from(sql`(select 1) as one`);
    out.push({ ...t, ...figures! });
  }
  await setContext(tx, { userId });
  return out;
}
