/**
 * The daily settlement run (PRODUCT.md §5.3) on the seeded shops: matured
 * commission of completed orders moves pending → available once, a run again
 * settles nothing more, the hold rules decide the day, and a refund after
 * settlement takes the money back from available.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { rowsOf, type Database, type Db } from "../src/client";
import { withTenant } from "../src/context";
import { runSettlementDaily, settleTenant } from "../src/flows/settlement";
import { verifyAllLedgers } from "../src/flows/ledger-verify";
import { clawbackPostings, distributorBalances, postTransfers } from "../src/queries/ledger";
import { seedDemo } from "../src/seed";
import { createTestDatabase } from "../src/testing";

const database: Database = await createTestDatabase();
const db: Db = database.db;
let teaId: string;
let beautyId: string;
type C = { id: string; order_id: string; beneficiary_id: string; line_id: string; product_id: string; net: number };
let pick: C[];

const balances = (userId: string) => withTenant(db, teaId, (tx) => distributorBalances(tx, teaId, userId));
const settledAt = async (id: string) => rowsOf<{ at: string | null }>(await db.execute(sql`select settled_at::text as at from commissions where id = ${id}`))[0]!.at;

beforeAll(async () => {
  ({ teaId, beautyId } = await seedDemo(db));
  // The seed's open card dispute is won, so its order's commission may settle (a dispute's hold: outside-refunds.test.ts).
  await db.execute(sql`update disputes set status = 'won', closed_at = now() where tenant_id = ${teaId} and status = 'open'`);
  // Two pending commissions of different orders.
  pick = rowsOf<C>(
    await db.execute(sql`
      select distinct on (c.order_id) c.id::text, c.order_id::text, c.beneficiary_id::text, c.line_id::text, l.product_id::text,
             (c.amount_fen - coalesce((select sum(r.amount_fen) from commission_reversals r where r.tenant_id = c.tenant_id and r.commission_id = c.id), 0))::int as net
        from commissions c join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
       where c.tenant_id = ${teaId} and c.status = 'pending'
       order by c.order_id, c.id`),
  );
  expect(pick.length).toBeGreaterThanOrEqual(2);
  await db.execute(sql`update orders set status = 'completed', completed_at = now() - interval '3 days' where tenant_id = ${teaId} and id = ${pick[0]!.order_id}`);
  await db.execute(sql`update orders set status = 'completed', completed_at = now() where tenant_id = ${teaId} and id = ${pick[1]!.order_id}`);
});
afterAll(async () => {
  await database.close();
});

test("matured commission moves pending → available once; what completed today waits for T+1", async () => {
  const [a, b] = pick as [C, C];
  const beforeA = await balances(a.beneficiary_id);
  const first = await settleTenant(db, teaId);
  expect(first.settled).toBeGreaterThanOrEqual(1);
  const afterA = await balances(a.beneficiary_id);
  expect(await settledAt(a.id)).not.toBeNull();
  expect(await settledAt(b.id)).toBeNull();
  // Every commission of a's completed order settled to a (a may have several on it).
  const aNet = rowsOf<{ n: number }>(
    await db.execute(sql`select coalesce(sum(c.amount_fen - coalesce((select sum(r.amount_fen) from commission_reversals r where r.commission_id = c.id), 0)), 0)::int as n
                           from commissions c where c.tenant_id = ${teaId} and c.beneficiary_id = ${a.beneficiary_id} and c.settled_at is not null`),
  )[0]!.n;
  expect(afterA.availableFen - beforeA.availableFen).toBe(aNet);
  expect(beforeA.pendingFen - afterA.pendingFen).toBe(aNet);

  // A second run (a retry, another server) settles nothing again.
  const again = await settleTenant(db, teaId);
  expect(again.settled).toBe(0);
  expect(await balances(a.beneficiary_id)).toEqual(afterA);

  // The merchant holds b's product T+0: it settles the day its order completed.
  await db.execute(sql`update distribution_settings set hold_rules = ${JSON.stringify({ defaultDays: 1, byProduct: { [b.product_id]: 0 }, byCategory: {}, highPrice: null })}::jsonb where tenant_id = ${teaId}`);
  const ruled = await settleTenant(db, teaId);
  expect(ruled.settled).toBeGreaterThanOrEqual(1);
  expect(await settledAt(b.id)).not.toBeNull();
  expect((await verifyAllLedgers(db)).problems).toEqual([]);
});

test("a refund after settlement takes the money back from available, which may go negative", async () => {
  const a = pick[0]!;
  const before = await balances(a.beneficiary_id);
  // The reversal the engine records for a refund, then its clawback (more than is available: some was withdrawn).
  const amountFen = before.availableFen + 100;
  await db.execute(sql`insert into commission_reversals (tenant_id, commission_id, cause, base_fen, amount_fen) values (${teaId}, ${a.id}, 'refund:test-after-settlement', 0, ${amountFen})`);
  await withTenant(db, teaId, async (tx) => postTransfers(tx, teaId, await clawbackPostings(tx, teaId, [{ commissionId: a.id, cause: "refund:test-after-settlement", amountFen, userId: a.beneficiary_id, lineId: a.line_id }])));
  const after = await balances(a.beneficiary_id);
  expect(after.availableFen).toBe(-100);
  expect(after.pendingFen).toBe(before.pendingFen);
  expect((await verifyAllLedgers(db)).problems).toEqual([]);
});

test("the daily job settles each shop with commission to settle once a local day, however many servers tick", async () => {
  // tea's pending commission has settled above; a held one is cleared (as staff clear a flag), so tea has some to settle.
  await db.execute(sql`update commissions set status = 'pending' where id = (select id from commissions where tenant_id = ${teaId} and status = 'held' and settled_at is null limit 1)`);
  const at = new Date(Date.now() + 10 * 86_400_000);
  const [one, two] = await Promise.all([runSettlementDaily(db, at), runSettlementDaily(db, at)]);
  const tea = [...one, ...two].filter((r) => r.tenantId === teaId);
  expect(tea.filter((r) => r.ran)).toEqual([{ tenantId: teaId, ran: true, ok: true }]);
  expect((await runSettlementDaily(db, at)).find((r) => r.tenantId === teaId)).toEqual({ tenantId: teaId, ran: false });
  // A shop with nothing left to settle is not visited at all.
  expect((await runSettlementDaily(db, at)).map((r) => r.tenantId)).not.toContain(beautyId);
});
