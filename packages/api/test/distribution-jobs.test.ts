/**
 * The distribution engine's scheduled work and anti-fraud signals, in a
 * database of their own (the daily job re-levels every distributor of the
 * tenant): month-start demotion only where the merchant allows it, the
 * closed month's bonus, burst and quick-refund flags.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/src/client";
import { randomUUID } from "node:crypto";
import { BURST_ORDERS_PER_HOUR, drainSoon, drainsIdle, runDistributionDaily } from "../../db/src/flows/commissions";
import { applyPaymentEvent } from "../../db/src/queries/payments";
import { simulatorEvent } from "../../payments/src/simulator";
import { withTenant } from "../../db/src/context";
import { distributionWorld } from "./distribution-fixtures";

const { w, as, console_, newShopper, newSku, buyThrough, newDistributor } = distributionWorld();
let seed: typeof w.seed;
let truth: typeof w.truth;
let db: Db;
beforeAll(() => ({ db, seed, truth } = w));

const levelOf = async (userId: string) => (await truth<{ level: number }>(sql`select level from distributors where tenant_id = ${seed.teaId} and user_id = ${userId}`))[0]!.level;
/** 00:30 on the first day of the current month in Shanghai: the daily job's month-start run. */
function monthStart(): Date {
  const [y, m] = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: "Asia/Shanghai" }).format(new Date()).split("-");
  return new Date(`${y}-${m}-01T00:30:00+08:00`);
}

describe("the daily job (§4.8)", () => {
  test("at the start of a month a distributor who no longer meets their level is demoted only when the merchant allows demotion, with the reason", async () => {
    const { user } = await newDistributor();
    await console_().distribution.setLevel({ userId: user.id, level: 3, note: "试用" });

    const off = await runDistributionDaily(db, monthStart());
    expect(off.tenants).toBe(2);
    expect(await levelOf(user.id)).toBe(3);

    const programme = (await console_().distribution.programme()).programme;
    await console_().distribution.saveProgramme({ ...programme, demotion: true });
    // That month is closed (a recorded run): running its start again changes nothing.
    await runDistributionDaily(db, monthStart());
    expect(await levelOf(user.id)).toBe(3);
    // Another month closed with demotion allowed demotes (a run last month closes the month before it, never closed yet).
    await runDistributionDaily(db, new Date(monthStart().getTime() - 20 * 86_400_000));
    expect(await levelOf(user.id)).toBe(1);
    const change = (await truth<{ from_level: number; to_level: number; reason: { kind: string } }>(
      sql`select from_level, to_level, reason from level_changes where user_id = ${user.id} and reason->>'kind' = 'demote'`,
    ))[0];
    expect(change).toMatchObject({ from_level: 3, to_level: 1, reason: { kind: "demote" } });
    // Mid-month the same figures demote nobody.
    await console_().distribution.setLevel({ userId: user.id, level: 3, note: "再试" });
    await runDistributionDaily(db, new Date(monthStart().getTime() + 14 * 86_400_000));
    expect(await levelOf(user.id)).toBe(3);
  });

  test("the month-start run computes the closed month's team bonus once", async () => {
    const before = (await truth<{ n: number }>(sql`select count(*)::int as n from team_bonuses where tenant_id = ${seed.teaId}`))[0]!.n;
    expect(before).toBeGreaterThan(0); // the seed's last-month sales, computed by the seed
    const again = await runDistributionDaily(db, monthStart());
    expect(again.bonuses).toBe(0);
  });
});

describe("anti-fraud signals (§4.10)", () => {
  test(`more than ${BURST_ORDERS_PER_HOUR} orders in an hour through one distributor: the next ones are flagged and their commission held`, async () => {
    const { user, code } = await newDistributor();
    const { skuId } = await newSku();
    const orders: string[] = [];
    for (let i = 0; i <= BURST_ORDERS_PER_HOUR; i++) orders.push(await buyThrough(await newShopper(), skuId, code));
    const flagged = await truth<{ order_id: string }>(sql`select order_id::text from distribution_flags where user_id = ${user.id} and kind = 'burst'`);
    expect(flagged.map((f) => f.order_id)).toEqual([orders[BURST_ORDERS_PER_HOUR]]);
    const status = async (orderId: string) =>
      (await truth<{ status: string }>(sql`select status from commissions where order_id = ${orderId} and beneficiary_id = ${user.id}`))[0]!.status;
    expect(await status(orders[BURST_ORDERS_PER_HOUR - 1]!)).toBe("pending");
    expect(await status(orders[BURST_ORDERS_PER_HOUR]!)).toBe("held");
  });

  test("a whole order refunded soon after payment flags the distributor it came through", async () => {
    const { user, code } = await newDistributor();
    const orderId = await buyThrough(await newShopper(), (await newSku()).skuId, code);
    const order = (await truth<{ paid_fen: number }>(sql`select paid_fen from orders where id = ${orderId}`))[0]!;
    await console_().orders.refund({ orderId, amountFen: order.paid_fen, reason: "退款", restock: false });
    const flags = await truth<{ kind: string; order_id: string }>(sql`select kind, order_id::text from distribution_flags where user_id = ${user.id}`);
    expect(flags).toEqual([{ kind: "quick_refund", order_id: orderId }]);
  });
});

describe("anti-fraud: a payment method shared with the referrer (§4.10)", () => {
  test("paying with the distributor's own payment account holds their commission, at payment or when the method is learnt later", async () => {
    const { skuId } = await newSku();
    const { user: ben, code } = await newDistributor();
    await buyThrough(ben, skuId, null); // the distributor pays for an order of their own: their account is "sim:{ben}"
    const heldFor = async (orderId: string) =>
      (await truth<{ status: string }>(sql`select status from commissions where order_id = ${orderId} and beneficiary_id = ${ben.id}`)).map((r) => r.status);
    const flagsOf = async (orderId: string) =>
      (await truth<{ kind: string; detail: { method: string } }>(sql`select kind, detail from distribution_flags where order_id = ${orderId} and user_id = ${ben.id}`));
    const place = async () => {
      const buyer = await newShopper();
      const address = { name: "王五", phone: "13900000000", province: "四川省", city: "成都市", district: "武侯区", detail: `科华北路 ${randomUUID().slice(0, 4)} 号` };
      const { orderId, url } = await as(buyer).shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], address, refCode: code, idempotencyKey: randomUUID() });
      return { buyer, orderId, paymentId: url!.split("/pay/")[1]! };
    };

    // A shopper who pays with their own account: nothing to see.
    const own = await place();
    await as(own.buyer).shop.simulate({ shop: "tea", paymentId: own.paymentId, outcome: "complete" });
    await drainsIdle();
    expect(await flagsOf(own.orderId)).toEqual([]);
    expect(await heldFor(own.orderId)).toEqual(["pending"]);

    // One who pays with the distributor's account: flagged at payment, commission held.
    const shared = await place();
    await as(shared.buyer).shop.simulate({ shop: "tea", paymentId: shared.paymentId, outcome: "complete", account: ben.id });
    await drainsIdle();
    expect(await flagsOf(shared.orderId)).toEqual([{ kind: "shared_payment", detail: { method: "sim" } }]);
    expect(await heldFor(shared.orderId)).toEqual(["held"]);

    // The method learnt after the commissions were made (as Stripe's charge.succeeded can be): flagged and held then.
    const late = await place();
    const total = (await truth<{ total_fen: number }>(sql`select total_fen from orders where id = ${late.orderId}`))[0]!.total_fen;
    await withTenant(db, seed.teaId, (tx) => applyPaymentEvent(tx, seed.teaId, simulatorEvent(late.paymentId, "complete", total)));
    await drainSoon(db, seed.teaId);
    expect(await heldFor(late.orderId)).toEqual(["pending"]);
    const learnt = await withTenant(db, seed.teaId, (tx) =>
      applyPaymentEvent(tx, seed.teaId, { type: "payment.method", provider: "simulator", eventId: `m:${late.paymentId}`, paymentIntentId: `simpi_${late.paymentId}`, paymentId: late.paymentId, fingerprint: `sim:${ben.id}` }),
    );
    expect(learnt).toEqual({ applied: true, effect: "method_flagged" });
    expect(await flagsOf(late.orderId)).toEqual([{ kind: "shared_payment", detail: { method: "sim" } }]);
    expect(await heldFor(late.orderId)).toEqual(["held"]);
  });
});

describe("the drain after a commit", () => {
  test("concurrent callers share drains: one runs, the rest join one queued after it, and every event is processed when they resolve", async () => {
    const [order] = await truth<{ id: string }>(sql`select id::text from orders where tenant_id = ${seed.teaId} and paid_at is not null limit 1`);
    await withTenant(db, seed.teaId, (tx) =>
      tx.execute(sql`insert into outbox (tenant_id, topic, key, order_id, payload)
                     select ${seed.teaId}, 'order.completed', 'test-drain:' || g || ':' || gen_random_uuid(), ${order!.id}, '{}'::jsonb from generate_series(1, 3) g`),
    );
    const [first, second, third] = await Promise.all([drainSoon(db, seed.teaId), drainSoon(db, seed.teaId), drainSoon(db, seed.teaId)]);
    expect(second).toBe(third); // the same queued drain
    expect(first).not.toBe(second);
    expect(first.events + second.events).toBe(3);
    const left = await truth<{ n: number }>(sql`select count(*)::int as n from outbox where tenant_id = ${seed.teaId} and processed_at is null`);
    expect(left[0]!.n).toBe(0);
    // Nothing running any more: the next caller starts a drain of its own.
    const again = drainSoon(db, seed.teaId);
    expect(again).not.toBe(second);
    expect((await again).events).toBe(0);
  });
});
