import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { withTenant } from "../context";
import { verifyLedger, type LedgerProblem } from "../queries/ledger";

/**
 * `npm run ledger:verify`: for every shop, each stored balance equals the sum
 * of its entries and each transfer sums to zero. Read in each shop's own RLS
 * transaction, as the app reads it.
 */
export async function verifyAllLedgers(db: Db): Promise<{ tenants: number; problems: (LedgerProblem & { tenantId: string })[] }> {
  const tenants = rowsOf<{ id: string }>(await db.execute(sql`select id::text from tenants order by id`));
  const problems: (LedgerProblem & { tenantId: string })[] = [];
  for (const t of tenants) {
    for (const p of await withTenant(db, t.id, (tx) => verifyLedger(tx))) problems.push({ ...p, tenantId: t.id });
  }
  return { tenants: tenants.length, problems };
}
