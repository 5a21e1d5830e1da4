import { asc, desc, eq } from "drizzle-orm";
import type { Tx } from "../client";
import { auditLog, distributors, tenants } from "../schema";
import { catalogCounts } from "./catalog";
import { listMembers } from "./members";

/** The console overview's figures and latest activity (tenant context set). */
export async function tenantOverview(tx: Tx, tenantId: string) {
  const counts = await catalogCounts(tx, tenantId);
  const members = (await listMembers(tx, tenantId)).length;
  const dist = await tx.$count(distributors, eq(distributors.tenantId, tenantId));
  const activity = await recentAudit(tx, tenantId, 10);
  return { ...counts, members, distributors: dist, activity };
}

export function recentAudit(tx: Tx, tenantId: string, limit: number) {
  return tx
    .select({ id: auditLog.id, action: auditLog.action, target: auditLog.target, actorUserId: auditLog.actorUserId, before: auditLog.before, after: auditLog.after, createdAt: auditLog.createdAt })
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.createdAt))
    .limit(limit);
}

/** Platform operators: the tenant registry (tenants_read lets operators see every row; no tenant data). */
export function listAllTenants(tx: Tx) {
  return tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, plan: tenants.plan, status: tenants.status, agencyId: tenants.agencyId, createdAt: tenants.createdAt })
    .from(tenants)
    .orderBy(asc(tenants.createdAt));
}
