import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import { eq, sql } from "drizzle-orm";
import { payments } from "../../db/src/schema";
import { rowsOf, type Database, type Db } from "../../db/src/client";
import { withContext, withTenant } from "../../db/src/context";
import { drainOutbox } from "../../db/src/flows/commissions";
import { sendRefund } from "../../db/src/flows/refunds";
import { settleTenant } from "../../db/src/flows/settlement";
import { verifyAllLedgers } from "../../db/src/flows/ledger-verify";
import { distributorBalances, postTransfer } from "../../db/src/queries/ledger";
import { merchantRefund, placeOrder, requestReturn } from "../../db/src/queries/orders";
import { startPayment } from "../../db/src/queries/payments";
import { setStripeAccount } from "../../db/src/queries/store";
import { requestWithdrawal, saveTaxProfile } from "../../db/src/queries/withdrawals";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { bonusPaid, maskName, maskResidentId } from "../../ledger/src";
import type { Providers } from "../../payments/src/types";
import { encryptSecret } from "../src/secrets";
import { createStripeProvider, stripeClient } from "../src/stripe";
import { handleStripeWebhook } from "../src/stripe-webhook";
import { startFakeStripe, stripeEvent as fakeStripeEvent, type FakeStripe } from "./fake-stripe";

/**
 * Money that moves outside the app (issue 15, PRODUCT.md §3.5, §5.4): refunds made in the Stripe Dashboard and
 * card disputes, delivered as signed Stripe events about real orders paid through the fake Stripe, with real
 * commission in the ledger. Every event is delivered twice: one effect.
 */
process.env.SECRETS_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const secret = "whsec_test_" + "f6e5d4c3b2a1".repeat(3);
const ACCT = "acct_tea_outside";

let d: Database;
let db: Db;
let fake: FakeStripe;
let providers: Providers;
let teaId: string;
let ownerId: string;
let buyerId: string;
let distributorId: string;
let refCode: string;

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
const balances = () => withTenant(db, teaId, (tx) => distributorBalances(tx, teaId, distributorId));

beforeAll(async () => {
  fake = await startFakeStripe();
  providers = { stripe: createStripeProvider(stripeClient({ STRIPE_SECRET_KEY: "sk_test_fake_outside", STRIPE_API_BASE: fake.url })) };
  d = await createTestDatabase();
  db = d.db;
  const seed = await seedDemo(db);
  teaId = seed.teaId;
  ownerId = seed.ownerId;
  await withTenant(db, teaId, async (tx) => {
    await setStripeAccount(tx, teaId, ownerId, ACCT);
    await tx.execute(sql`update store_settings set stripe_charges_enabled = true where tenant_id = ${teaId}`);
  });
  // A distributor with a clean record and a tax identity, and a new shopper who buys through their link.
  const [dist] = await truth<{ user_id: string; code: string }>(sql`
    select d.user_id::text, d.code from distributors d
     where d.tenant_id = ${teaId} and d.status = 'active' and d.code is not null
       and not exists (select 1 from distribution_flags f where f.tenant_id = d.tenant_id and f.user_id = d.user_id)
     order by d.code limit 1`);
  distributorId = dist!.user_id;
  refCode = dist!.code;
  const [u] = await truth<{ id: string }>(sql`insert into users (email, name) values (${`outside-${randomUUID()}@example.com`}, '顾客 张三') returning id::text`);
  buyerId = u!.id;
  await withContext(db, { tenantId: teaId, userId: distributorId }, (tx) =>
    saveTaxProfile(tx, teaId, distributorId, { realNameEnc: encryptSecret("李四"), idNumberEnc: encryptSecret("110105199003070017"), nameMasked: maskName("李四"), idMasked: maskResidentId("110105199003070017") }),
  );
});
afterAll(async () => {
  await d?.close();
  await fake?.close();
});

const stripeEvent = (type: string, object: Record<string, unknown>) => fakeStripeEvent(type, object, ACCT);

/** Delivered as Stripe does: signed; the follow-up (commission engine) run; then delivered again. */
async function deliverTwice(evt: object) {
  const payload = JSON.stringify(evt);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
  const out = await handleStripeWebhook({ db, providers, secret }, payload, header);
  await out.followUp?.();
  const again = await handleStripeWebhook({ db, providers, secret }, payload, header);
  await again.followUp?.();
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ result: { result: { applied: false, reason: "duplicate" } } });
  await drainOutbox(db, teaId);
  return out;
}

type Paid = { orderId: string; pi: string; totalFen: number; commissionFen: number };

/** A tea order bought through the distributor's link, paid with Stripe Checkout (fake Stripe), its commission accrued. */
async function paidOrder(quantity = 2): Promise<Paid> {
  const [sku] = await truth<{ id: string }>(sql`
    select s.id from product_skus s join products p on p.tenant_id = s.tenant_id and p.id = s.product_id
     where s.tenant_id = ${teaId} and p.status = 'on_sale' and s.stock > 20 and s.price_fen >= 5000 order by s.id limit 1`);
  const placed = await withTenant(
    db,
    teaId,
    async (tx) => {
      const { order } = await placeOrder(tx, {
        tenantId: teaId,
        buyer: { id: buyerId, name: "顾客 张三" },
        items: [{ skuId: sku!.id, quantity }],
        address: { name: "张三", phone: "13900000000", province: "浙江省", city: "杭州市", district: "西湖区", detail: "灵隐路 2 号" },
        idempotencyKey: randomUUID(),
        refCode,
      });
      const { paymentId } = await startPayment(tx, providers.stripe!, {
        tenant: { id: teaId, slug: "tea" },
        orderId: order.id,
        buyerId,
        feeBps: 300,
        shopBase: "http://localhost:3000/s/tea",
        successUrl: (id) => `http://localhost:3000/s/tea/pay/${id}/done`,
        cancelUrl: `http://localhost:3000/s/tea/orders/${order.id}`,
      });
      const [payment] = await tx.select().from(payments).where(eq(payments.id, paymentId));
      return { order, paymentId, sessionId: payment!.providerRef! };
    },
    buyerId,
  );
  const pi = `pi_${placed.paymentId.replace(/-/g, "").slice(0, 20)}`;
  await deliverTwice(
    stripeEvent("checkout.session.completed", {
      id: placed.sessionId,
      object: "checkout.session",
      mode: "payment",
      status: "complete",
      payment_status: "paid",
      amount_total: placed.order.totalFen,
      currency: "cny",
      payment_intent: pi,
      metadata: { tenant_id: teaId, order_id: placed.order.id, payment_id: placed.paymentId },
    }),
  );
  const [c] = await truth<{ n: number }>(sql`select coalesce(sum(amount_fen), 0)::int as n from commissions where order_id = ${placed.order.id} and beneficiary_id = ${distributorId}`);
  expect(c!.n).toBeGreaterThan(0);
  return { orderId: placed.order.id, pi, totalFen: placed.order.totalFen, commissionFen: c!.n };
}

const order = async (id: string) => (await truth<{ status: string; refunded_fen: number }>(sql`select status, refunded_fen from orders where id = ${id}`))[0]!;
const reversedFen = async (orderId: string) =>
  (
    await truth<{ n: number }>(sql`select coalesce(sum(r.amount_fen), 0)::int as n from commission_reversals r join commissions c on c.tenant_id = r.tenant_id and c.id = r.commission_id
                                  where c.order_id = ${orderId} and c.beneficiary_id = ${distributorId}`)
  )[0]!.n;
/** The order completed days ago (past its return window), so its commission is due. */
const completedDaysAgo = (orderId: string, days = 5) =>
  db.execute(sql`update orders set status = 'completed', received_at = now() - ${`${days + 1} days`}::interval, completed_at = now() - ${`${days} days`}::interval where id = ${orderId}`);

describe("refunds made in the Stripe Dashboard", () => {
  it("a part refunded in the Dashboard is refunded in the app, and the refunded share of the commission is reversed from pending", async () => {
    const p = await paidOrder(2);
    const before = await balances();
    const part = Math.floor(p.totalFen / 4);
    const refund = fake.dashboardRefund(p.pi, part);
    const out = await deliverTwice(stripeEvent("refund.created", refund));
    expect(out.body).toMatchObject({ result: { handled: true, type: "refund.outside", result: { applied: true, effect: "refunded_outside" } } });
    expect(await order(p.orderId)).toEqual({ status: "paid", refunded_fen: part });
    const [row] = await truth<{ origin: string; status: string; amount_fen: number; provider_refund_id: string; completed_at: Date }>(
      sql`select origin, status, amount_fen, provider_refund_id, completed_at from refunds where order_id = ${p.orderId}`,
    );
    expect(row).toMatchObject({ origin: "provider", status: "succeeded", amount_fen: part, provider_refund_id: refund.id });
    expect(new Date(row!.completed_at).getTime()).toBe((refund.created as number) * 1000);
    // The timeline and the audit log say what happened and who did it.
    expect(await truth(sql`select type, from_status, to_status, data->>'origin' as origin from order_events where order_id = ${p.orderId} and type = 'refund_outside'`)).toEqual([
      { type: "refund_outside", from_status: "paid", to_status: "paid", origin: "provider" },
    ]);
    expect(await truth(sql`select action, actor_user_id from audit_log where target = ${`order:${p.orderId}`} and action = 'order.refunded_outside_app'`)).toEqual([
      { action: "order.refunded_outside_app", actor_user_id: null },
    ]);
    // The refunded share of the commission, no more (the line's share of the refund, shipping aside).
    const reversed = await reversedFen(p.orderId);
    expect(reversed).toBeGreaterThan(0);
    expect(reversed).toBeLessThanOrEqual(Math.ceil(p.commissionFen / 4) + 1);
    const after = await balances();
    expect(before.pendingFen - after.pendingFen).toBe(reversed);
    expect(after.availableFen).toBe(before.availableFen);

    // The same refund under other events (refund.updated, charge.refunded listing it) changes nothing more.
    await deliverTwice(stripeEvent("refund.updated", refund));
    await deliverTwice(stripeEvent("charge.refunded", { id: "ch_x", object: "charge", amount: p.totalFen, amount_refunded: part, payment_intent: p.pi, refunds: { object: "list", data: [refund], has_more: false } }));
    expect(await order(p.orderId)).toEqual({ status: "paid", refunded_fen: part });
    expect(await reversedFen(p.orderId)).toBe(reversed);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });

  it("the app's own refund arriving as an event is applied once, as the app's", async () => {
    const p = await paidOrder(1);
    const mine = await withTenant(db, teaId, (tx) => merchantRefund(tx, teaId, p.orderId, ownerId, { amountFen: 500, reason: "少发赠品", restock: false }));
    expect(await sendRefund(db, providers, teaId, mine.id)).toBe("succeeded");
    const stripeRefund = fake.refunds.at(-1)!;
    expect(stripeRefund.metadata).toMatchObject({ refund_id: mine.id });
    await deliverTwice(stripeEvent("refund.created", { ...stripeRefund, created: Math.floor(Date.now() / 1000) }));
    expect(await order(p.orderId)).toEqual({ status: "paid", refunded_fen: 500 });
    expect(await truth(sql`select origin from refunds where order_id = ${p.orderId}`)).toEqual([{ origin: "app" }]);
  });

  it("a whole refund in the Dashboard while the shopper's return request waits refunds the order and closes the request", async () => {
    const p = await paidOrder(1);
    const asked = await withTenant(db, teaId, (tx) => requestReturn(tx, teaId, p.orderId, buyerId, { reason: "不想要了", photos: [] }), buyerId);
    expect(await order(p.orderId)).toMatchObject({ status: "refund_requested" });
    await deliverTwice(stripeEvent("refund.created", fake.dashboardRefund(p.pi, p.totalFen)));
    expect(await order(p.orderId)).toEqual({ status: "refunded", refunded_fen: p.totalFen });
    expect(await truth(sql`select status, refusal_reason from refunds where id = ${asked.id}`)).toEqual([{ status: "refused", refusal_reason: "refunded_outside_app" }]);
    expect(await reversedFen(p.orderId)).toBe(p.commissionFen);
  });

  it("a Dashboard refund after the commission was settled and withdrawn leaves a negative balance, repaid by later earnings", async () => {
    const p = await paidOrder(2);
    await completedDaysAgo(p.orderId);
    await settleTenant(db, teaId);
    expect((await truth<{ settled: boolean }>(sql`select bool_and(settled_at is not null) as settled from commissions where order_id = ${p.orderId} and beneficiary_id = ${distributorId}`))[0]!.settled).toBe(true);
    // Everything available withdrawn (topped up to the ¥50 minimum by a bonus if needed).
    let b = await balances();
    if (b.availableFen < 5000) await withTenant(db, teaId, (tx) => postTransfer(tx, teaId, `test:bonus:${randomUUID()}`, bonusPaid(distributorId, 5000 - b.availableFen)));
    b = await balances();
    await withContext(db, { tenantId: teaId, userId: distributorId }, (tx) => requestWithdrawal(tx, teaId, distributorId, { amountFen: b.availableFen, idempotencyKey: randomUUID() }));
    expect((await balances()).availableFen).toBe(0);

    // The whole order refunded in the Dashboard: completed → refunded; the commission comes back out of available.
    await deliverTwice(stripeEvent("refund.created", fake.dashboardRefund(p.pi, p.totalFen)));
    expect(await order(p.orderId)).toEqual({ status: "refunded", refunded_fen: p.totalFen });
    expect(await reversedFen(p.orderId)).toBe(p.commissionFen);
    expect((await balances()).availableFen).toBe(-p.commissionFen);
    // Nothing can be withdrawn until it is repaid.
    await expect(
      withContext(db, { tenantId: teaId, userId: distributorId }, (tx) => requestWithdrawal(tx, teaId, distributorId, { amountFen: 5000, idempotencyKey: randomUUID() })),
    ).rejects.toMatchObject({ key: expect.stringMatching(/^withdrawal\./) });
    const next = await paidOrder(2);
    await completedDaysAgo(next.orderId);
    await settleTenant(db, teaId);
    expect((await balances()).availableFen).toBe(next.commissionFen - p.commissionFen);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });
});

describe("card disputes", () => {
  const disputeEvent = (type: string, dispute: Record<string, unknown>, status: string) => stripeEvent(type, { ...dispute, status });

  it("an open dispute holds the order's commission (even settled), a won one releases it", async () => {
    const p = await paidOrder(1);
    await completedDaysAgo(p.orderId);
    await settleTenant(db, teaId);
    const settled = await balances();
    const dispute = fake.dispute(p.pi, p.totalFen);
    const out = await deliverTwice(disputeEvent("charge.dispute.created", dispute, "needs_response"));
    expect(out.body).toMatchObject({ result: { handled: true, type: "dispute.opened", result: { applied: true } } });
    const held = await balances();
    expect(settled.availableFen - held.availableFen).toBe(p.commissionFen);
    expect(held.pendingFen - settled.pendingFen).toBe(p.commissionFen);
    // The daily job does not settle it while the dispute is open.
    await settleTenant(db, teaId, new Date(Date.now() + 3 * 86_400_000));
    expect(await balances()).toEqual(held);
    expect(await truth(sql`select status from disputes where provider_dispute_id = ${dispute.id}`)).toEqual([{ status: "open" }]);

    await deliverTwice(disputeEvent("charge.dispute.closed", dispute, "won"));
    expect(await balances()).toEqual(settled);
    expect(await order(p.orderId)).toEqual({ status: "completed", refunded_fen: 0 });
    expect(await truth(sql`select type from order_events where order_id = ${p.orderId} and type like 'dispute%' order by created_at`)).toEqual([{ type: "dispute_opened" }, { type: "dispute_won" }]);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });

  it("a lost dispute reverses the commission as a full refund of the order", async () => {
    const p = await paidOrder(1);
    const before = await balances();
    const dispute = fake.dispute(p.pi, p.totalFen, "product_not_received");
    await deliverTwice(disputeEvent("charge.dispute.created", dispute, "needs_response"));
    await completedDaysAgo(p.orderId);
    await settleTenant(db, teaId);
    expect((await balances()).availableFen).toBe(before.availableFen);
    await deliverTwice(disputeEvent("charge.dispute.closed", dispute, "lost"));
    expect(await order(p.orderId)).toEqual({ status: "refunded", refunded_fen: p.totalFen });
    expect(await truth(sql`select origin, amount_fen, provider_refund_id from refunds where order_id = ${p.orderId}`)).toEqual([
      { origin: "dispute", amount_fen: p.totalFen, provider_refund_id: `dispute:${dispute.id}` },
    ]);
    expect(await reversedFen(p.orderId)).toBe(p.commissionFen);
    const after = await balances();
    expect(after.availableFen).toBe(before.availableFen);
    expect(after.pendingFen).toBe(before.pendingFen - p.commissionFen);
    expect((await verifyAllLedgers(db)).problems).toEqual([]);
  });
});
