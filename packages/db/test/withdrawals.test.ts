/**
 * Withdrawals (drizzle/0036, PRODUCT.md §5.5, §5.7): a request reserves its
 * amount at once, however many arrive together; the tax identity comes first;
 * below the threshold a clean record is approved automatically; finance
 * refuses (the money comes back) or marks paid with the month's tax withheld;
 * a shopper's transaction cannot review, pay, or see another's requests.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { bonusPaid, labourTaxFen } from "../../ledger/src";
import { rowsOf, type Database, type Db } from "../src/client";
import { withContext } from "../src/context";
import { distributorBalances, postTransfer } from "../src/queries/ledger";
import { traceWithdrawal, holdOverridesOf, saveHoldOverride, approveWithdrawal, markWithdrawalPaid, withholdingReport, moneyRulesOf, myWithdrawals, refuseWithdrawal, requestWithdrawal, saveMoneyRules, saveTaxProfile, withdrawalQueue } from "../src/queries/withdrawals";
import { seedDemo } from "../src/seed";
import { verifyAllLedgers } from "../src/flows/ledger-verify";
import { createTestDatabase } from "../src/testing";

const database: Database = await createTestDatabase();
const db: Db = database.db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let dist: string;
let other: string;
const key = (s: string) => `${s}-${Math.random().toString(36).slice(2)}`;
const asShopper = (userId: string) => ({ storefront: "tea", userId });
const asOwner = () => ({ tenantId: seed.teaId, userId: seed.ownerId });
const balances = (userId: string) => withContext(db, { tenantId: seed.teaId }, (tx) => distributorBalances(tx, seed.teaId, userId));
const fund = (userId: string, fen: number) => withContext(db, { tenantId: seed.teaId }, (tx) => postTransfer(tx, seed.teaId, key("test-bonus"), bonusPaid(userId, fen)));
const profile = (userId: string) =>
  withContext(db, asShopper(userId), (tx) => saveTaxProfile(tx, seed.teaId, userId, { realNameEnc: "v1.enc", idNumberEnc: "v1.enc", nameMasked: "张*", idMasked: "1101**********0011" }));
const ask = (userId: string, amountFen: number, k = key("wd")) => withContext(db, asShopper(userId), (tx) => requestWithdrawal(tx, seed.teaId, userId, { amountFen, idempotencyKey: k }));

beforeAll(async () => {
  seed = await seedDemo(db);
  [dist, other] = seed.distributorIds as [string, string];
});
afterAll(async () => {
  await database.close();
});

describe("requesting", () => {
  test("the tax identity comes first; below the minimum or above the balance is refused and changes nothing", async () => {
    await fund(other, 20_000);
    await expect(ask(other, 10_000)).rejects.toMatchObject({ key: "withdrawal.taxProfileNeeded" });
    await profile(other);
    const before = await balances(other);
    await expect(ask(other, 4_999)).rejects.toMatchObject({ key: "withdrawal.belowMinimum", field: "amount" });
    await expect(ask(other, before.availableFen + 1)).rejects.toMatchObject({ key: "withdrawal.aboveAvailable" });
    expect(await balances(other)).toEqual(before);
  });

  test("a request reserves at once (available → withdrawing); a retried key is the same request; below ¥500 it is approved automatically", async () => {
    await profile(dist);
    await fund(dist, 30_000);
    const before = await balances(dist);
    const k = key("same");
    const w = await ask(dist, 10_000, k);
    expect(w).toMatchObject({ status: "approved", review: "auto", amountFen: 10_000 });
    expect(await ask(dist, 10_000, k)).toMatchObject({ id: w.id });
    // The same tap sent twice at once is one request too (one reservation).
    const k2 = key("twice");
    const [x, y] = await Promise.all([ask(dist, 5_000, k2), ask(dist, 5_000, k2)]);
    expect(x.id).toBe(y.id);
    expect((await balances(dist)).withdrawingFen).toBe(before.withdrawingFen + 15_000);
    const after = await balances(dist);
    expect(after.availableFen).toBe(before.availableFen - 15_000);
    expect(after.withdrawingFen).toBe(before.withdrawingFen + 15_000);
    const big = await ask(dist, 50_000 <= after.availableFen ? 50_000 : after.availableFen >= 5_000 ? after.availableFen : 5_000);
    expect(big.review).toBe(big.amountFen >= 50_000 ? "manual" : "auto");
  });

  test("many requests at once never withdraw more than the balance", async () => {
    const start = await balances(dist);
    const room = start.availableFen;
    const n = Math.floor(room / 5_000) + 5; // more requests of ¥50 than the balance holds
    const results = await Promise.allSettled(Array.from({ length: n }, () => ask(dist, 5_000)));
    const made = results.filter((r) => r.status === "fulfilled").length;
    expect(made).toBe(Math.floor(room / 5_000));
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ key: "withdrawal.aboveAvailable" });
    const end = await balances(dist);
    expect(end.availableFen).toBe(room - made * 5_000);
    expect(end.availableFen).toBeGreaterThanOrEqual(0);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });
});

describe("finance", () => {
  test("refusing returns the money to available, with the reason; a refused request cannot be paid", async () => {
    await fund(other, 60_000);
    const w = await ask(other, 55_000);
    expect(w).toMatchObject({ status: "reviewing", review: "manual" });
    const mid = await balances(other);
    await withContext(db, asOwner(), (tx) => refuseWithdrawal(tx, seed.teaId, seed.ownerId, w.id, "资料不符"));
    const after = await balances(other);
    expect(after.availableFen).toBe(mid.availableFen + 55_000);
    expect(after.withdrawingFen).toBe(mid.withdrawingFen - 55_000);
    await expect(withContext(db, asOwner(), (tx) => markWithdrawalPaid(tx, seed.teaId, seed.ownerId, w.id, "BANK-1"))).rejects.toMatchObject({ key: "withdrawal.notOpen" });
    const [mine] = await withContext(db, asShopper(other), (tx) => myWithdrawals(tx, seed.teaId, other));
    expect(mine).toMatchObject({ id: w.id, status: "refused", reason: "资料不符" });
  });

  test("paying withholds the month's labour tax: two payouts in one month are taxed as one payment", async () => {
    await fund(other, 600_000);
    const a = await ask(other, 300_000);
    const b = await ask(other, 200_000);
    const pay = (id: string, ref: string) =>
      withContext(db, asOwner(), async (tx) => {
        await approveWithdrawal(tx, seed.teaId, seed.ownerId, id);
        return markWithdrawalPaid(tx, seed.teaId, seed.ownerId, id, ref);
      });
    const month = rowsOf<{ paid: number; tax: number }>(
      await db.execute(sql`select coalesce(sum(amount_fen), 0)::int as paid, coalesce(sum(tax_fen), 0)::int as tax from withdrawals where tenant_id = ${seed.teaId} and user_id = ${other} and status = 'paid'`),
    )[0]!;
    const first = (await pay(a.id, "BANK-A"))!;
    expect(first.taxFen).toBe(labourTaxFen(month.paid + 300_000) - month.tax);
    const second = (await pay(b.id, "BANK-B"))!;
    expect(first.taxFen + second.taxFen).toBe(labourTaxFen(month.paid + 500_000) - month.tax);
    expect(second.netFen).toBe(200_000 - second.taxFen);
    // ¥3,000 alone: (3000 − 800) × 20% = ¥440; with ¥2,000 more the month is ¥5,000: 5000 × 80% × 20% = ¥800.
    if (month.paid === 0) expect([first.taxFen, second.taxFen]).toEqual([44_000, 36_000]);
    const end = await balances(other);
    expect(end.taxWithheldFen).toBeGreaterThanOrEqual(first.taxFen + second.taxFen);
    // Paying twice changes nothing.
    expect(await withContext(db, asOwner(), (tx) => markWithdrawalPaid(tx, seed.teaId, seed.ownerId, a.id, "BANK-A"))).toBeUndefined();
    expect(await balances(other)).toEqual(end);
    const queue = await withContext(db, asOwner(), (tx) => withdrawalQueue(tx, seed.teaId, { status: "paid", limit: 10, offset: 0 }));
    expect(queue.find((q) => q.id === a.id)).toMatchObject({ reference: "BANK-A", taxFen: first.taxFen, idMasked: "1101**********0011" });
    // The filing report: the month's payouts to one person as one line, as the tax was computed.
    const monthKey = rowsOf<{ m: string }>(await db.execute(sql`select to_char(now() at time zone 'Asia/Shanghai', 'YYYY-MM') as m`))[0]!.m;
    const report = await withContext(db, asOwner(), (tx) => withholdingReport(tx, seed.teaId, monthKey));
    const line = report.find((r) => r.userId === other)!;
    expect(line).toMatchObject({ incomeFen: month.paid + 500_000, taxFen: month.tax + first.taxFen + second.taxFen, idMasked: "1101**********0011" });
    expect(line.taxFen).toBe(labourTaxFen(line.incomeFen));
    expect(await withContext(db, asOwner(), (tx) => withholdingReport(tx, seed.teaId, "2001-01"))).toEqual([]);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });

  test("a shopper's transaction cannot review or pay, nor see another distributor's requests", async () => {
    await fund(other, 6_000);
    const w = await ask(other, 5_000);
    await expect(withContext(db, asShopper(other), (tx) => markWithdrawalPaid(tx, seed.teaId, other, w.id, "SELF"))).rejects.toBeTruthy();
    const [row] = rowsOf<{ status: string }>(await db.execute(sql`select status from withdrawals where id = ${w.id}`));
    expect(row!.status).not.toBe("paid");
    const seen = await withContext(db, asShopper(dist), (tx) => tx.execute(sql`select id from withdrawals where user_id = ${other}`));
    expect(rowsOf(seen)).toEqual([]);
  });
});

describe("the shop's rules", () => {
  test("finance's minimum and automatic limit apply to the next request; a minimum below ¥1 is refused and changes nothing", async () => {
    const before = await withContext(db, asOwner(), (tx) => moneyRulesOf(tx, seed.teaId));
    await expect(
      withContext(db, asOwner(), (tx) => saveMoneyRules(tx, seed.teaId, { defaultDays: 2, highPrice: null, withdrawal: { minimumFen: 99, autoApproveBelowFen: 0 } })),
    ).rejects.toBeTruthy();
    expect(await withContext(db, asOwner(), (tx) => moneyRulesOf(tx, seed.teaId))).toEqual(before);
    await withContext(db, asOwner(), (tx) => saveMoneyRules(tx, seed.teaId, { defaultDays: 3, highPrice: { aboveFen: 100_000, days: 7 }, withdrawal: { minimumFen: 8_000, autoApproveBelowFen: 0 } }));
    const now = await withContext(db, asOwner(), (tx) => moneyRulesOf(tx, seed.teaId));
    expect(now.hold).toMatchObject({ defaultDays: 3, highPrice: { aboveFen: 100_000, days: 7 }, byProduct: before.hold.byProduct });
    await fund(dist, 10_000);
    await expect(ask(dist, 7_000)).rejects.toMatchObject({ key: "withdrawal.belowMinimum", params: { minimum: 80 } });
    // Nothing below ¥0 is automatic: every request waits for finance.
    expect(await ask(dist, 8_000)).toMatchObject({ review: "manual", status: "reviewing" });
    await withContext(db, asOwner(), (tx) => saveMoneyRules(tx, seed.teaId, { defaultDays: before.hold.defaultDays, highPrice: before.hold.highPrice, withdrawal: before.withdrawal }));
  });

  test("a product's or a category's own hold is set, read back with its name and removed; another shop's product is refused", async () => {
    const [p] = rowsOf<{ id: string; name: string }>(await db.execute(sql`select id::text, name from products where tenant_id = ${seed.teaId} order by name limit 1`));
    const [foreign] = rowsOf<{ id: string }>(await db.execute(sql`select id::text from products where tenant_id = ${seed.beautyId} limit 1`));
    await withContext(db, asOwner(), (tx) => saveHoldOverride(tx, seed.teaId, { scope: "product", targetId: p!.id, days: 7 }));
    expect(await withContext(db, asOwner(), (tx) => holdOverridesOf(tx, seed.teaId))).toContainEqual({ scope: "product", id: p!.id, name: p!.name, days: 7 });
    expect((await withContext(db, asOwner(), (tx) => moneyRulesOf(tx, seed.teaId))).hold.byProduct[p!.id]).toBe(7);
    await expect(withContext(db, asOwner(), (tx) => saveHoldOverride(tx, seed.teaId, { scope: "product", targetId: foreign!.id, days: 3 }))).rejects.toMatchObject({ key: "ledger.holdTarget" });
    await expect(withContext(db, asOwner(), (tx) => saveHoldOverride(tx, seed.teaId, { scope: "product", targetId: p!.id, days: 91 }))).rejects.toBeTruthy();
    expect((await withContext(db, asOwner(), (tx) => moneyRulesOf(tx, seed.teaId))).hold.byProduct[p!.id]).toBe(7);
    await withContext(db, asOwner(), (tx) => saveHoldOverride(tx, seed.teaId, { scope: "product", targetId: p!.id, days: null }));
    expect((await withContext(db, asOwner(), (tx) => holdOverridesOf(tx, seed.teaId))).some((o) => o.id === p!.id)).toBe(false);
  });

  test("the ledger browser: a withdrawal's money comes from the distributor's oldest credits, adding up to its amount", async () => {
    await fund(other, 20_000);
    const w = await ask(other, 15_000);
    const trace = await withContext(db, asOwner(), (tx) => traceWithdrawal(tx, seed.teaId, w.id));
    expect(trace.withdrawal).toMatchObject({ id: w.id, amountFen: 15_000 });
    expect(trace.sources.reduce((n, x) => n + x.usedFen, 0) + trace.unfundedFen).toBe(15_000);
    for (const x of trace.sources) {
      expect(["commission_settled", "bonus", "withdrawal_returned", "correction"]).toContain(x.kind);
      expect(x.usedFen).toBeLessThanOrEqual(x.creditFen);
    }
    await expect(withContext(db, asOwner(), (tx) => traceWithdrawal(tx, seed.teaId, "00000000-0000-4000-8000-000000000000"))).rejects.toMatchObject({ key: "withdrawal.notFound" });
  });
});
