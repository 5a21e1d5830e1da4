import type { Tx } from "../client";
import { auditLog } from "../schema";

export type AuditEntry = { tenantId: string; actorUserId: string | null; action: string; target: string; before?: unknown; after?: unknown };

export async function writeAudit(tx: Tx, entry: AuditEntry) {
  await writeAudits(tx, [entry]);
}

/** Many audit rows in one statement (bulk actions audit every row they touch). */
export async function writeAudits(tx: Tx, entries: AuditEntry[]) {
  if (!entries.length) return;
  await tx.insert(auditLog).values(
    entries.map((e) => ({ tenantId: e.tenantId, actorUserId: e.actorUserId, action: e.action, target: e.target, before: e.before ?? null, after: e.after ?? null })),
  );
}
