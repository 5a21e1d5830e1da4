import type { Tx } from "../client";
import { auditLog } from "../schema";

export async function writeAudit(
  tx: Tx,
  entry: { tenantId: string; actorUserId: string | null; action: string; target: string; before?: unknown; after?: unknown },
) {
  await tx.insert(auditLog).values({
    tenantId: entry.tenantId,
    actorUserId: entry.actorUserId,
    action: entry.action,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
