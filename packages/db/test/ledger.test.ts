/**
 * The ledger in the database (drizzle/0033): posting is idempotent, balances
 * equal their entries under concurrency, an unbalanced transfer cannot
 * commit, entries and transfers cannot be changed, and a shopper's
 * transaction moves only its own money, and only to reserve a withdrawal.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { commissionAccrued, commissionClawback, commissionSettled, withdrawalReserved } from "../../ledger/src";
import { rowsOf, type Database, type Db } from "../src/client";
import { withContext } from "../src/context";
import { backfillLedger, distributorBalances, postTransfer, verifyLedger } from "../src/queries/ledger";
import { seedDemo } from "../src/seed";
import { verifyAllLedgers } from "../src/flows/ledger-verify";
import { createTestDatabase } from "../src/testing";

const database: Database = await createTestDatabase();
const db: Db = database.db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let dist: string;
let other: string;
const system = () => ({ tenantId: seed.teaId });
const key = (s: string) => `${s}-${Math.random().toString(36).slice(2)}`;

function sqlState(e: unknown): string | undefined {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

beforeAll(async () => {
  seed = await seedDemo(db);
  [dist, other] = seed.distributorIds as [string, string];
});
afterAll(async () => {
  await database.close();
});

describe("the commission engine posts to the ledger", () => {
  test("every seeded commission is accrued once and every reversal clawed back: each distributor's pending is what their commissions still owe", async () => {
    for (const tenantId of [seed.teaId, seed.beautyId]) {
      const owed = await withContext(db, { tenantId }, async (tx) =>
        rowsOf<{ user_id: string; owed: number; accrued: number; ledger: number }>(
          await tx.execute(sql`
            select c.beneficiary_id::text as user_id,
                   (sum(c.amount_fen) - coalesce(sum((select sum(r.amount_fen) from commission_reversals r where r.tenant_id = c.tenant_id and r.commission_id = c.id)), 0))::int as owed,
                   count(t.id)::int as accrued,
                   (select coalesce(a.balance_fen, 0) from ledger_accounts a where a.tenant_id = c.tenant_id and a.owner_id = c.beneficiary_id and a.kind = 'distributor_pending')::int as ledger
              from commissions c
              left join ledger_transfers t on t.tenant_id = c.tenant_id and t.commission_id = c.id and t.kind = 'commission_accrued'
             where c.tenant_id = ${tenantId}
             group by c.tenant_id, c.beneficiary_id`),
        ),
      );
      expect(owed.length).toBeGreaterThan(0);
      for (const r of owed) expect({ user: r.user_id, ledger: r.ledger }).toEqual({ user: r.user_id, ledger: r.owed });
      const commissionCount = await withContext(db, { tenantId }, async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from commissions where tenant_id = ${tenantId}`))[0]!.n);
      expect(owed.reduce((n, r) => n + r.accrued, 0)).toBe(commissionCount);
    }
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });
});

describe("commission from before the ledger", () => {
  test("is back-filled once: its accrual and its reversals' clawbacks, and the shop's ledger holds again", async () => {
    // A commission as 0033 found it: no transfer of its own (removed here by the owner, as before the ledger existed).
    const [c] = rowsOf<{ id: string; beneficiary_id: string }>(
      await db.execute(sql`select c.id::text, c.beneficiary_id::text from commissions c where c.tenant_id = ${seed.teaId} and exists (select 1 from commission_reversals r where r.commission_id = c.id and r.amount_fen > 0) limit 1`),
    );
    const gone = c ? [c] : rowsOf<{ id: string; beneficiary_id: string }>(await db.execute(sql`select id::text, beneficiary_id::text from commissions where tenant_id = ${seed.teaId} limit 1`));
    const victim = gone[0]!;
    await db.execute(sql`delete from ledger_entries e using ledger_transfers t where e.tenant_id = t.tenant_id and e.transfer_id = t.id and t.commission_id = ${victim.id}`);
    // (The owner, with the guard that keeps transfers off for this one statement: drizzle/0045.)
    await db.execute(sql`alter table ledger_transfers disable trigger ledger_transfers_kept`);
    await db.execute(sql`delete from ledger_transfers where commission_id = ${victim.id}`);
    await db.execute(sql`alter table ledger_transfers enable trigger ledger_transfers_kept`);
    await db.execute(sql`update ledger_accounts a set balance_fen = coalesce((select sum(e.amount_fen) from ledger_entries e where e.tenant_id = a.tenant_id and e.account_id = a.id), 0) where a.tenant_id = ${seed.teaId} and a.owner_id is not null`);
    // ledger:verify names the commission missing from the ledger.
    expect((await verifyAllLedgers(db)).problems).toContainEqual(expect.objectContaining({ kind: "commission", commissionId: victim.id, accruedFen: 0 }));
    const posted = await withContext(db, system(), (tx) => backfillLedger(tx, seed.teaId));
    expect(posted).toBeGreaterThanOrEqual(1);
    expect(await withContext(db, system(), (tx) => backfillLedger(tx, seed.teaId))).toBe(0);
    const [row] = rowsOf<{ owed: number; ledger: number }>(
      await db.execute(sql`
        select (select sum(k.amount_fen) - coalesce(sum((select sum(r.amount_fen) from commission_reversals r where r.commission_id = k.id)), 0)
                  from commissions k where k.tenant_id = ${seed.teaId} and k.beneficiary_id = ${victim.beneficiary_id})::int as owed,
               (select balance_fen from ledger_accounts where tenant_id = ${seed.teaId} and owner_id = ${victim.beneficiary_id} and kind = 'distributor_pending')::int as ledger`),
    );
    expect(row!.ledger).toBe(row!.owed);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });
});

describe("posting", () => {
  test("a commission's life: balances follow, and the same key twice posts once", async () => {
    const k = key("accrue");
    const before = await withContext(db, system(), (tx) => distributorBalances(tx, seed.teaId, dist));
    const first = await withContext(db, system(), (tx) => postTransfer(tx, seed.teaId, k, commissionAccrued(dist, 1_234)));
    const again = await withContext(db, system(), (tx) => postTransfer(tx, seed.teaId, k, commissionAccrued(dist, 1_234)));
    expect(first.created).toBe(true);
    expect(again).toEqual({ ...first, created: false });
    await withContext(db, system(), (tx) => postTransfer(tx, seed.teaId, key("settle"), commissionSettled(dist, 1_000)));
    await withContext(db, system(), (tx) => postTransfer(tx, seed.teaId, key("claw"), commissionClawback(dist, 2_000, true)));
    const after = await withContext(db, system(), (tx) => distributorBalances(tx, seed.teaId, dist));
    expect(after.pendingFen - before.pendingFen).toBe(234);
    expect(after.availableFen - before.availableFen).toBe(-1_000); // clawed back below zero
    expect(await withContext(db, system(), (tx) => verifyLedger(tx))).toEqual([]);
  });

  test("concurrent posts on one account: every one counted once, the balance equals the entries", async () => {
    const before = (await withContext(db, system(), (tx) => distributorBalances(tx, seed.teaId, other))).pendingFen;
    const keys = Array.from({ length: 20 }, (_, i) => key(`race-${i}`));
    // Each key posted twice at once: 20 transfers, not 40.
    await Promise.all([...keys, ...keys].map((k) => withContext(db, system(), (tx) => postTransfer(tx, seed.teaId, k, commissionAccrued(other, 10)))));
    const after = (await withContext(db, system(), (tx) => distributorBalances(tx, seed.teaId, other))).pendingFen;
    expect(after - before).toBe(200);
    expect(await withContext(db, system(), (tx) => verifyLedger(tx))).toEqual([]);
  });
});

describe("the database refuses", () => {
  test("a transfer whose entries do not sum to zero, at commit", async () => {
    const e = await withContext(db, system(), async (tx) => {
      const [acc] = rowsOf<{ id: string }>(await tx.execute(sql`select id::text from ledger_accounts where tenant_id = ${seed.teaId} and owner_id = ${dist} and kind = 'distributor_pending'`));
      const [t] = rowsOf<{ id: string }>(await tx.execute(sql`insert into ledger_transfers (tenant_id, kind, idempotency_key) values (${seed.teaId}, 'commission_accrued', ${key("bad")}) returning id::text`));
      await tx.execute(sql`insert into ledger_entries (tenant_id, transfer_id, account_id, amount_fen) values (${seed.teaId}, ${t!.id}, ${acc!.id}, 500)`);
    }).catch((x: unknown) => x);
    expect(sqlState(e)).toBe("23514");
  });

  test("an entry naming a transfer or an account that does not exist (checked per statement, drizzle/0045)", async () => {
    const [acc] = rowsOf<{ id: string }>(await db.execute(sql`select id::text from ledger_accounts where tenant_id = ${seed.teaId} and owner_id = ${dist} and kind = 'distributor_pending'`));
    const [exp] = rowsOf<{ id: string }>(await db.execute(sql`select id::text from ledger_accounts where tenant_id = ${seed.teaId} and owner_id is null and kind = 'merchant_commission_expense'`));
    const noTransfer = await withContext(db, system(), (tx) =>
      tx.execute(sql`insert into ledger_entries (tenant_id, transfer_id, account_id, amount_fen)
                     values (${seed.teaId}, gen_random_uuid(), ${acc!.id}, 500), (${seed.teaId}, gen_random_uuid(), ${exp!.id}, -500)`),
    ).catch((x: unknown) => x);
    expect(sqlState(noTransfer)).toBe("23503");
    const noAccount = await withContext(db, system(), async (tx) => {
      const [t] = rowsOf<{ id: string }>(await tx.execute(sql`insert into ledger_transfers (tenant_id, kind, idempotency_key) values (${seed.teaId}, 'commission_accrued', ${key("ghost")}) returning id::text`));
      await tx.execute(sql`insert into ledger_entries (tenant_id, transfer_id, account_id, amount_fen) values (${seed.teaId}, ${t!.id}, gen_random_uuid(), 500), (${seed.teaId}, ${t!.id}, ${exp!.id}, -500)`);
    }).catch((x: unknown) => x);
    expect(sqlState(noAccount)).toBe("23503");
    // A commission naming a settlement transfer that does not exist (drizzle/0046).
    const noSettle = await withContext(db, system(), (tx) =>
      tx.execute(sql`update commissions set settle_transfer_id = gen_random_uuid() where id = (select id from commissions where tenant_id = ${seed.teaId} limit 1)`),
    ).catch((x: unknown) => x);
    expect(sqlState(noSettle)).toBe("23503");
    // What entries name is kept: an account cannot be deleted or renumbered, not even by the owner; a transfer neither.
    for (const q of [sql`delete from ledger_accounts where id = ${acc!.id}`, sql`update ledger_accounts set id = gen_random_uuid() where id = ${acc!.id}`, sql`delete from ledger_transfers where tenant_id = ${seed.teaId}`]) {
      expect(sqlState(await db.execute(q).catch((x: unknown) => x))).toBe("23503");
    }
    expect(await withContext(db, system(), (tx) => verifyLedger(tx))).toEqual([]);
  });

  test("changing or deleting an entry or a transfer (append-only)", async () => {
    for (const q of [sql`update ledger_entries set amount_fen = amount_fen + 1`, sql`delete from ledger_entries`, sql`update ledger_transfers set kind = 'bonus'`, sql`delete from ledger_transfers`]) {
      const e = await withContext(db, system(), (tx) => tx.execute(q)).catch((x: unknown) => x);
      expect(sqlState(e)).toBe("42501");
    }
  });

  test("a shopper's transaction posting anything but its own withdrawal reservation", async () => {
    const asDist = { storefront: "tea", userId: dist };
    await withContext(db, system(), (tx) => postTransfer(tx, seed.teaId, key("fund"), commissionSettled(dist, 1)).catch(() => null));
    // Its own reservation goes through (the pending/available accounts exist by now).
    const ok = await withContext(db, asDist, (tx) => postTransfer(tx, seed.teaId, key("reserve"), withdrawalReserved(dist, 1))).catch((x: unknown) => x);
    expect((ok as { created?: boolean }).created).toBe(true);
    // Crediting itself commission, or reserving another distributor's money, does not.
    const accrue = await withContext(db, asDist, (tx) => postTransfer(tx, seed.teaId, key("self-pay"), commissionAccrued(dist, 100_000))).catch((x: unknown) => x);
    expect(sqlState(accrue)).toBe("42501");
    const theirs = await withContext(db, asDist, (tx) => postTransfer(tx, seed.teaId, key("theirs"), withdrawalReserved(other, 1))).catch((x: unknown) => x);
    expect(sqlState(theirs)).toBe("42501");
    expect(await withContext(db, system(), (tx) => verifyLedger(tx))).toEqual([]);
  });
});
