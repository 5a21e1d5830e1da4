import { desc, eq, sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";
import { piiAccessLog } from "../schema";

export type PiiSurface = "orders.list" | "orders.detail" | "distributors.list" | "finance.withholding";

/**
 * Records that `actorUserId` read these shoppers' personal data unmasked
 * (PRODUCT.md §8.2): one row per read, in the read's own transaction. A read
 * that showed nobody's data records nothing.
 */
export async function logPiiAccess(tx: Tx, tenantId: string, actorUserId: string, surface: PiiSurface, subjectUserIds: string[], orderIds: string[] = []) {
  const subjects = [...new Set(subjectUserIds)];
  if (!subjects.length) return;
  await tx.insert(piiAccessLog).values({ tenantId, actorUserId, surface, subjectUserIds: subjects, orderIds: [...new Set(orderIds)] });
}

export type PiiAccess = { id: string; actorName: string | null; surface: PiiSurface; subjects: number; subjectNames: string[]; orderIds: string[]; createdAt: Date };

/** The latest unmasked reads of the tenant, with who read and (some of) whose. */
export async function listPiiAccess(tx: Tx, tenantId: string, limit = 50): Promise<PiiAccess[]> {
  const rows = await tx.select().from(piiAccessLog).where(eq(piiAccessLog.tenantId, tenantId)).orderBy(desc(piiAccessLog.createdAt)).limit(limit);
  const ids = [...new Set(rows.flatMap((r) => [r.actorUserId, ...r.subjectUserIds.slice(0, 5)]))];
  const names = new Map(
    ids.length
      ? rowsOf<{ id: string; name: string }>(
          // A shopper outside the shop's network is not visible in users to staff: the name their orders carry.
          await tx.execute(sql`
            select x.id, coalesce(u.name, (select o.buyer_name from orders o where o.tenant_id = ${tenantId} and o.buyer_id = x.id order by o.created_at desc limit 1)) as name
              from unnest(${`{${ids.join(",")}}`}::uuid[]) as x(id) left join users u on u.id = x.id`),
        ).map((u) => [u.id, u.name])
      : [],
  );
  return rows.map((r) => ({
    id: r.id,
    actorName: names.get(r.actorUserId) ?? null,
    surface: r.surface as PiiSurface,
    subjects: r.subjectUserIds.length,
    subjectNames: r.subjectUserIds.slice(0, 5).map((u) => names.get(u) ?? "—"),
    orderIds: r.orderIds,
    createdAt: r.createdAt,
  }));
}
