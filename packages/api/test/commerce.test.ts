/**
 * Commerce core (PRODUCT.md §3) through the API the storefront and console
 * use: checkout reserves stock, the simulator pays through the same
 * applyPaymentEvent as a webhook, the order lifecycle with returns and
 * refunds, the outbox, the scheduled job, and bad input that changes nothing.
 * Runs on PGlite, and on PostgreSQL (a 5-connection pool: real concurrency)
 * when DATABASE_URL is set.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { withTenant } from "../../db/src/context";
import { runOrderSweep } from "../../db/src/flows/jobs";
import { applyPaymentEvent } from "../../db/src/queries/payments";
import { applyRefundSucceeded } from "../../db/src/queries/orders";
import { AppError } from "../../core/src/errors";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { translateError, type Locale } from "../../i18n/src";
import { simulatorEvent } from "../../payments/src/simulator";
import { createCaller } from "../src/root";
import { simulatorPolicy, simulatorRuntime } from "../../payments/src/simulator";
import { stripeRuntime } from "../../server/src/stripe";
import type { Context, User } from "../src/trpc";
import { httpError, keyOf, loadUser, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let truth: ReturnType<typeof truthOf>;
let owner: User;
let shopper: User;
let finance: User;
let operator: User;
const payments = simulatorRuntime();

const ctxOf = (user: User, activeTenantId: string | null = null, locale: Locale = "zh-CN"): Context => ({ db, user, locale, activeTenantId, payments });
const as = (user: User, activeTenantId: string | null = null, locale: Locale = "zh-CN") => createCaller(ctxOf(user, activeTenantId, locale));
const ADDRESS = { name: "刘洋", phone: "139 0000 1234", province: "浙江省", city: "杭州市", district: "西湖区", detail: "文三路 100 号" };

async function one<T>(q: ReturnType<typeof sql>): Promise<T> {
  const [r] = await truth<T>(q);
  return r!;
}
const stockOf = async (skuId: string) => (await one<{ stock: number }>(sql`select stock from product_skus where id = ${skuId}`)).stock;

/** A fresh on-sale product of the tea shop with one SKU: its id and price. */
async function newSku(stock: number, priceFen = 5000, costFen = 2000): Promise<string> {
  const productId = randomUUID();
  const skuId = randomUUID();
  await db.execute(sql`insert into products (tenant_id, id, name, status) values (${seed.teaId}, ${productId}, ${"测试茶 " + productId.slice(0, 6)}, 'on_sale')`);
  await db.execute(
    sql`insert into product_skus (tenant_id, id, product_id, code, spec, price_fen, cost_fen, stock) values (${seed.teaId}, ${skuId}, ${productId}, ${"T-" + skuId.slice(0, 8)}, '[]'::jsonb, ${priceFen}, ${costFen}, ${stock})`,
  );
  return skuId;
}

async function buy(skuId: string, quantity = 1, user = shopper) {
  return as(user).shop.checkout({ shop: "tea", items: [{ skuId, quantity }], address: ADDRESS, idempotencyKey: randomUUID() });
}

/** Buy and pay through the simulator page's procedure. */
async function paidOrder(skuId: string, quantity = 1) {
  const { orderId, url } = await buy(skuId, quantity);
  const paymentId = url!.split("/pay/")[1]!;
  await as(shopper).shop.simulate({ shop: "tea", paymentId, outcome: "complete" });
  return { orderId, paymentId };
}

const orderRow = (id: string) =>
  one<{ status: string; paid_fen: number; refunded_fen: number; total_fen: number; resume_to: string | null }>(
    sql`select status, paid_fen, refunded_fen, total_fen, resume_to from orders where id = ${id}`,
  );
const outboxOf = (orderId: string) => truth<{ topic: string; payload: Record<string, unknown> }>(sql`select topic, payload from outbox where order_id = ${orderId} order by seq`);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  truth = truthOf(db);
  seed = await seedDemo(db);
  owner = await loadUser(db, seed.ownerId);
  shopper = await loadUser(db, seed.shopperId);
  const idOf = async (email: string) => (await one<{ id: string }>(sql`select id::text as id from users where email = ${email}`)).id;
  finance = await loadUser(db, await idOf("finance@demo.local"));
  operator = await loadUser(db, await idOf("ops@demo.local"));
});
afterAll(async () => {
  await database?.close();
});

describe("entering a storefront", () => {
  test("a shopper's call enters the shop named by slug or custom host; an unknown or closed shop is NOT_FOUND, anonymous is UNAUTHORIZED", async () => {
    const mine = async (shop: string) => (await as(shopper).shop.addresses({ shop })).map((a) => a.id).sort();
    const bySlug = await mine("tea");
    expect(bySlug.length).toBeGreaterThan(0); // the seed's address book
    await db.execute(sql`insert into tenant_domains (domain, tenant_id, status) values ('shop.commerce-test.example', ${seed.teaId}, 'verified') on conflict do nothing`);
    expect(await mine("Shop.Commerce-Test.example")).toEqual(bySlug);
    expect(await mine("beauty")).not.toEqual(bySlug); // another shop, its own rows only
    expect((await rejection(as(shopper).shop.addresses({ shop: "no-such-shop" }))).code).toBe("NOT_FOUND");
    expect((await rejection(createCaller({ db, user: null, locale: "zh-CN", activeTenantId: null, payments }).shop.addresses({ shop: "tea" }))).code).toBe("UNAUTHORIZED");
    await db.execute(sql`update tenants set status = 'suspended' where id = ${seed.beautyId}`);
    try {
      expect((await rejection(as(shopper).shop.addresses({ shop: "beauty" }))).code).toBe("NOT_FOUND");
    } finally {
      await db.execute(sql`update tenants set status = 'active' where id = ${seed.beautyId}`);
    }
  });
});

describe("the product page's live part", () => {
  test("anyone gets a product's SKUs as they are now and whether they are signed in; another shop's or an off-sale product has none", async () => {
    const skuId = await newSku(7, 4200);
    const { product_id: productId } = await one<{ product_id: string }>(sql`select product_id::text from product_skus where id = ${skuId}`);
    const anonymous = createCaller({ db, user: null, locale: "zh-CN", activeTenantId: null, payments });
    expect(await anonymous.shop.productLive({ shop: "tea", productId })).toEqual({ signedIn: false, skus: [{ id: skuId, priceFen: 4200, stock: 7 }] });
    await buy(skuId, 2);
    expect(await as(shopper).shop.productLive({ shop: "tea", productId })).toEqual({ signedIn: true, skus: [{ id: skuId, priceFen: 4200, stock: 5 }] });
    expect((await anonymous.shop.productLive({ shop: "beauty", productId })).skus).toEqual([]);
    expect((await anonymous.shop.productLive({ shop: "no-such-shop", productId })).skus).toEqual([]);
    await db.execute(sql`update products set status = 'off' where id = ${productId}`);
    expect((await anonymous.shop.productLive({ shop: "tea", productId })).skus).toEqual([]);
  });

  test("the console's catalogue and settings writes report the storefront changed once they commit; a refused write does not", async () => {
    const changed: string[] = [];
    const api = createCaller({ ...ctxOf(owner, seed.teaId), storefrontChanged: (id) => changed.push(id) });
    const skuId = await newSku(3);
    const { product_id: productId } = await one<{ product_id: string }>(sql`select product_id::text from product_skus where id = ${skuId}`);
    await api.products.setStatus({ ids: [productId], status: "off" });
    expect(changed).toEqual([seed.teaId]);
    expect((await rejection(api.products.setStatus({ ids: [productId], status: "sold" as "on_sale" }))).code).toBe("BAD_REQUEST");
    expect(changed).toEqual([seed.teaId]);
    const t = (await api.tenant.current()).tenant;
    await api.tenant.updateSettings({ name: t.name, slug: t.slug, logoUrl: t.logoUrl, timeZone: t.timeZone, customDomain: t.customDomain, wechatAppId: t.wechatAppId });
    expect(changed).toEqual([seed.teaId, seed.teaId]);
    // The programme's rates are on the cached home (the recruitment block).
    await api.distribution.saveProgramme((await api.distribution.programme()).programme);
    expect(changed).toEqual([seed.teaId, seed.teaId, seed.teaId]);
  });

  test("opening a shop reports its storefront changed, so a 404 cached for its address before it existed goes", async () => {
    const changed: string[] = [];
    const api = createCaller({ ...ctxOf(owner, null), storefrontChanged: (id) => changed.push(id) });
    const slug = `fresh-${randomUUID().slice(0, 8)}`;
    const created = await api.onboarding.createTenant({ name: "新开的店", slug, template: "tea" });
    expect(changed).toEqual([created.id]);
  });
});

describe("checkout and payment", () => {
  test("a shopper buys through the simulator: stock reserved, order paid, order.paid in the outbox with snapshots", async () => {
    const skuId = await newSku(5, 5000, 2000);
    await as(shopper).shop.cartPut({ shop: "tea", skuId, quantity: 2 });
    const { orderId, url } = await as(shopper).shop.checkout({
      shop: "tea",
      items: [{ skuId, quantity: 2 }],
      address: ADDRESS,
      idempotencyKey: randomUUID(),
      fromCart: true,
      base: "/s/tea",
    });
    expect(url).toMatch(/^\/s\/tea\/pay\/[0-9a-f-]{36}$/);
    expect(await stockOf(skuId)).toBe(3);
    expect((await as(shopper).shop.cart({ shop: "tea" })).some((l) => l.skuId === skuId)).toBe(false);
    // 2 × ¥50 = ¥100 ≥ the ¥99 free-shipping threshold: no shipping fee.
    expect(await orderRow(orderId)).toMatchObject({ status: "created", total_fen: 10000, paid_fen: 0 });

    // A later catalog edit does not change what was bought.
    await db.execute(sql`update product_skus set price_fen = 9900 where id = ${skuId}`);
    const paymentId = url!.split("/pay/")[1]!;
    const r = await as(shopper).shop.simulate({ shop: "tea", paymentId, outcome: "complete" });
    expect(r.result).toEqual({ applied: true, effect: "paid" });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", paid_fen: 10000 });
    const detail = await as(shopper).shop.order({ shop: "tea", orderId });
    expect(detail.lines[0]).toMatchObject({ unitPriceFen: 5000, unitCostFen: 2000, quantity: 2, lineTotalFen: 10000 });
    expect(detail.events.map((e) => e.type)).toEqual(["created", "pay"]);
    const ob = await outboxOf(orderId);
    expect(ob.map((o) => o.topic)).toEqual(["order.paid"]);
    expect(ob[0]!.payload).toMatchObject({ orderId, totalFen: 10000, lines: [{ skuId, quantity: 2, unitPriceFen: 5000, unitCostFen: 2000 }] });

    // Pressing "complete" again is a replay: nothing changes.
    const again = await as(shopper).shop.simulate({ shop: "tea", paymentId, outcome: "complete" });
    expect(again.result).toEqual({ applied: false, reason: "duplicate" });
    expect(await outboxOf(orderId)).toHaveLength(1);
  });

  test("shipping is charged below the free-shipping threshold", async () => {
    const skuId = await newSku(5, 1990);
    const { orderId } = await buy(skuId, 1);
    expect(await orderRow(orderId)).toMatchObject({ total_fen: 1990 + 1000 });
  });

  test("a retried checkout with the same idempotency key returns the same order and reserves once", async () => {
    const skuId = await newSku(5);
    const input = { shop: "tea", items: [{ skuId, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() };
    const a = await as(shopper).shop.checkout(input);
    const b = await as(shopper).shop.checkout(input);
    expect(b.orderId).toBe(a.orderId);
    expect(await stockOf(skuId)).toBe(4);
  });

  test("50 concurrent checkouts for 10 units: exactly 10 orders, stock 0, never negative", async () => {
    const skuId = await newSku(10);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => buy(skuId, 1)));
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(10);
    expect(failed).toHaveLength(40);
    for (const f of failed) expect(keyOf(f.reason)).toBe("order.outOfStock");
    expect(await stockOf(skuId)).toBe(0);
    const { n } = await one<{ n: number }>(sql`select count(*)::int as n from order_lines where sku_id = ${skuId}`);
    expect(n).toBe(10);
    // …and no order was kept without its lines.
    expect((await one<{ n: number }>(sql`select count(*)::int as n from orders o where not exists (select 1 from order_lines l where l.order_id = o.id)`)).n).toBe(0);
  });

  test("an order whose stock is taken between its check and its reservation is refused, never kept without lines", async () => {
    const skuId = await newSku(1);
    const ordersBefore = (await one<{ n: number }>(sql`select count(*)::int as n from orders`)).n;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Another checkout holds the last unit, uncommitted, while ours looks at the stock.
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`update product_skus set stock = 0 where id = ${skuId}`);
      await gate;
    });
    await new Promise((r) => setTimeout(r, 50));
    const attempt = buy(skuId, 1);
    await new Promise((r) => setTimeout(r, 300));
    release();
    await holder;
    expect(keyOf(await rejection(attempt))).toBe("order.outOfStock");
    expect((await one<{ n: number }>(sql`select count(*)::int as n from orders`)).n).toBe(ordersBefore);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from orders o where not exists (select 1 from order_lines l where l.order_id = o.id)`)).n).toBe(0);
  });

  test("the same payment event delivered 5 times concurrently changes the order once", async () => {
    const skuId = await newSku(3);
    const { orderId, url } = await buy(skuId);
    const paymentId = url!.split("/pay/")[1]!;
    const ev = simulatorEvent(paymentId, "complete", (await orderRow(orderId)).total_fen);
    const results = await Promise.all(Array.from({ length: 5 }, () => withTenant(db, seed.teaId, (tx) => applyPaymentEvent(tx, seed.teaId, ev))));
    expect(results.filter((r) => r.applied)).toHaveLength(1);
    expect(results.filter((r) => !r.applied).every((r) => !r.applied && r.reason === "duplicate")).toBe(true);
    expect(await orderRow(orderId)).toMatchObject({ status: "paid" });
    expect(await outboxOf(orderId)).toHaveLength(1);
    const { n } = await one<{ n: number }>(sql`select count(*)::int as n from order_events where order_id = ${orderId} and type = 'pay'`);
    expect(n).toBe(1);
  });

  test("a failed payment leaves the order payable; abandoning closes the session", async () => {
    const skuId = await newSku(3);
    const { orderId, url } = await buy(skuId);
    const paymentId = url!.split("/pay/")[1]!;
    await as(shopper).shop.simulate({ shop: "tea", paymentId, outcome: "fail" });
    expect(await orderRow(orderId)).toMatchObject({ status: "created" });
    // The attempt stays open with the reason: retrying on the same page is the same session.
    expect(await one(sql`select status, failure_reason from payments where id = ${paymentId}`)).toEqual({ status: "pending", failure_reason: "card_declined" });
    // Retrying on the same page succeeds.
    await as(shopper).shop.simulate({ shop: "tea", paymentId, outcome: "complete" });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid" });

    const second = await buy(skuId);
    const p2 = second.url!.split("/pay/")[1]!;
    await as(shopper).shop.simulate({ shop: "tea", paymentId: p2, outcome: "abandon" });
    expect((await one<{ status: string }>(sql`select status from payments where id = ${p2}`)).status).toBe("expired");
    // Paying again opens a new session.
    const { url: url2 } = await as(shopper).shop.pay({ shop: "tea", orderId: second.orderId, base: "/s/tea" });
    expect(url2).not.toBe(second.url);
  });

  test("a payment that arrives for an already-paid order is given back, never charged twice", async () => {
    const skuId = await newSku(3);
    const { orderId, url } = await buy(skuId);
    const first = url!.split("/pay/")[1]!;
    // A second session for the same order is impossible while one is open …
    const { url: same } = await as(shopper).shop.pay({ shop: "tea", orderId, base: "" });
    expect(same).toBe(url);
    // … but if the first was abandoned and both then complete, the second is voided and refunded.
    await as(shopper).shop.simulate({ shop: "tea", paymentId: first, outcome: "abandon" });
    const { url: u2 } = await as(shopper).shop.pay({ shop: "tea", orderId, base: "" });
    const second = u2!.split("/pay/")[1]!;
    await as(shopper).shop.simulate({ shop: "tea", paymentId: second, outcome: "complete" });
    await db.execute(sql`update payments set status = 'pending' where id = ${first}`); // the provider completes it anyway
    const late = await withTenant(db, seed.teaId, (tx) => applyPaymentEvent(tx, seed.teaId, simulatorEvent(first, "complete", 5000 + 1000)));
    expect(late).toMatchObject({ applied: true, effect: "voided" });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", paid_fen: 6000 });
    const voids = await truth<{ kind: string; status: string; amount_fen: number }>(sql`select kind, status, amount_fen from refunds where order_id = ${orderId}`);
    expect(voids).toEqual([{ kind: "void", status: "pending", amount_fen: 6000 }]);
    expect(await outboxOf(orderId)).toHaveLength(1);
    // A merchant's refund goes against the captured payment (the second), never the voided one created first.
    await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 1000, reason: "补差价", restock: false });
    const refund = await one<{ payment_id: string }>(sql`select payment_id from refunds where order_id = ${orderId} and kind <> 'void'`);
    expect(refund.payment_id).toBe(second);
  });
});

describe("order lifecycle", () => {
  test("ship → confirm → return → approve: refunded in full, stock restored, order.refunded in the outbox", async () => {
    const skuId = await newSku(4);
    const { orderId } = await paidOrder(skuId, 2);
    expect(await stockOf(skuId)).toBe(2);
    const shipped = await as(operator, seed.teaId).orders.ship({ orderId, carrier: "顺丰速运", trackingNo: "SF1234567890" });
    // The API answers with the order as stored (typed values, not driver strings).
    expect(shipped).toMatchObject({ id: orderId, status: "shipped", carrier: "顺丰速运", trackingNo: "SF1234567890", resumeTo: null });
    expect(shipped.shippedAt).toBeInstanceOf(Date);
    expect(shipped.createdAt).toBeInstanceOf(Date);
    expect(shipped.address.city).toBe("杭州市");
    expect(typeof shipped.totalFen).toBe("number");
    await as(shopper).shop.confirmReceipt({ shop: "tea", orderId });
    expect(await orderRow(orderId)).toMatchObject({ status: "received" });
    const refund = await as(shopper).shop.requestReturn({ shop: "tea", orderId, reason: "不喜欢", photos: [] });
    expect(await orderRow(orderId)).toMatchObject({ status: "refund_requested", resume_to: "received" });

    // An operator may ship but not give money back.
    expect(keyOf(await rejection(as(operator, seed.teaId).orders.decideRefund({ refundId: refund.id, decision: "approve" })))).toBe("forbiddenRole");
    await as(finance, seed.teaId).orders.decideRefund({ refundId: refund.id, decision: "approve", restock: true });
    const o = await orderRow(orderId);
    expect(o).toMatchObject({ status: "refunded", refunded_fen: o.paid_fen });
    expect(await stockOf(skuId)).toBe(4);
    const ob = await outboxOf(orderId);
    expect(ob.map((x) => x.topic)).toEqual(["order.paid", "order.refunded"]);
    expect(ob[1]!.payload).toMatchObject({ amountFen: o.paid_fen, full: true });
    const detail = await as(owner, seed.teaId).orders.detail({ orderId });
    expect(detail.refunds[0]).toMatchObject({ status: "succeeded", amountFen: o.paid_fen });
    expect(detail.events.map((e) => e.type)).toEqual(["created", "pay", "ship", "confirm_receipt", "request_refund", "refund_approved", "approve_refund"]);
  });

  test("a partial refund by the merchant: the order carries on; more than what remains is refused and changes nothing", async () => {
    const skuId = await newSku(4, 3000);
    const { orderId } = await paidOrder(skuId, 2); // ¥60 + ¥10 shipping
    await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 1234, reason: "少发赠品", restock: false });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", refunded_fen: 1234, resume_to: null });
    const ob = await outboxOf(orderId);
    expect(ob[1]!.payload).toMatchObject({ amountFen: 1234, full: false });
    const parts = ob[1]!.payload as { lines: { amountFen: number }[]; shippingFen: number };
    expect(parts.lines.reduce((s, l) => s + l.amountFen, 0) + parts.shippingFen).toBe(1234);

    const before = await truth(sql`select status, refunded_fen from orders where id = ${orderId}`);
    const e = await rejection(as(owner, seed.teaId).orders.refund({ orderId, amountFen: 7000 - 1234 + 1, reason: "x", restock: false }));
    expect(keyOf(e)).toBe("order.refundTooLarge");
    expect(await truth(sql`select status, refunded_fen from orders where id = ${orderId}`)).toEqual(before);
    const { n } = await one<{ n: number }>(sql`select count(*)::int as n from refunds where order_id = ${orderId}`);
    expect(n).toBe(1);
    // The rest can still be refunded, which completes the refund.
    await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 7000 - 1234, reason: "整单退款", restock: true });
    expect(await orderRow(orderId)).toMatchObject({ status: "refunded", refunded_fen: 7000 });
  });

  test("a money-only partial refund puts nothing back, even asked to restock; the rest of the money puts back the rest, once", async () => {
    const skuId = await newSku(5, 3000);
    const { orderId } = await paidOrder(skuId, 2);
    expect(await stockOf(skuId)).toBe(3);
    await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 1, reason: "补差价", restock: true });
    expect(await stockOf(skuId)).toBe(3);
    await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 2, reason: "补差价", restock: false });
    expect(await stockOf(skuId)).toBe(3);
    await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 7000 - 3, reason: "整单退款", restock: true });
    expect(await orderRow(orderId)).toMatchObject({ status: "refunded" });
    expect(await stockOf(skuId)).toBe(5);
  });

  test("a return puts back the units the merchant chose, once: a replay or a second return never puts the same units back", async () => {
    const skuId = await newSku(5, 3000);
    const { orderId } = await paidOrder(skuId, 3); // ¥90 + ¥10 shipping
    expect(await stockOf(skuId)).toBe(2);
    await as(operator, seed.teaId).orders.ship({ orderId, carrier: "顺丰速运", trackingNo: "SF1234567891" });
    await as(shopper).shop.confirmReceipt({ shop: "tea", orderId });
    const { lines } = await as(owner, seed.teaId).orders.detail({ orderId });
    const lineId = lines[0]!.id;
    const first = await as(shopper).shop.requestReturn({ shop: "tea", orderId, reason: "少一件不要了", photos: [] });
    // More units than the line has is a field error and changes nothing.
    const e = await rejection(
      as(finance, seed.teaId).orders.decideRefund({ refundId: first.id, decision: "approve", amountFen: 3000, restock: true, lines: [{ lineId, quantity: 4 }] }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(keyOf(e)).toBe("order.restockUnits");
    expect((e.cause as AppError).field).toBe("lines");
    await as(finance, seed.teaId).orders.decideRefund({ refundId: first.id, decision: "approve", amountFen: 3000, restock: true, lines: [{ lineId, quantity: 1 }] });
    expect(await orderRow(orderId)).toMatchObject({ status: "received", refunded_fen: 3000 });
    expect(await stockOf(skuId)).toBe(3);
    // The provider's answer again: applied once.
    expect(await withTenant(db, seed.teaId, (tx) => applyRefundSucceeded(tx, seed.teaId, first.id, null))).toBe(false);
    expect(await stockOf(skuId)).toBe(3);
    // The second return (the shopper's is the whole order): the two units not back yet, not three.
    const second = await as(shopper).shop.requestReturn({ shop: "tea", orderId, reason: "都退了", photos: [] });
    await as(finance, seed.teaId).orders.decideRefund({ refundId: second.id, decision: "approve", restock: true });
    expect(await orderRow(orderId)).toMatchObject({ status: "refunded", refunded_fen: 10000 });
    expect(await stockOf(skuId)).toBe(5);
    const { lines: after } = await as(owner, seed.teaId).orders.detail({ orderId });
    expect(after[0]).toMatchObject({ quantity: 3, restockedQty: 3 });
  });

  test("a refused return puts the order back where it was", async () => {
    const skuId = await newSku(2);
    const { orderId } = await paidOrder(skuId);
    const refund = await as(shopper).shop.requestReturn({ shop: "tea", orderId, reason: "想退", photos: [] });
    await as(owner, seed.teaId).orders.decideRefund({ refundId: refund.id, decision: "refuse", reason: "已过质检" });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", resume_to: null });
  });

  test("illegal transitions are refused with a clear error", async () => {
    const skuId = await newSku(2);
    const { orderId } = await buy(skuId);
    const e = await rejection(as(owner, seed.teaId).orders.ship({ orderId, carrier: "顺丰", trackingNo: "SF0000001" }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("order.illegalTransition");
    expect(keyOf(await rejection(as(shopper).shop.confirmReceipt({ shop: "tea", orderId })))).toBe("order.illegalTransition");
    const http = await httpError(ctxOf(owner, seed.teaId, "en"), "orders.ship", { orderId, carrier: "SF", trackingNo: "SF0000001" });
    expect(http.message).toBe(translateError("en", "order.illegalTransition"));
  });

  test("cancelling an unpaid order releases its stock", async () => {
    const skuId = await newSku(3);
    const { orderId } = await buy(skuId, 2);
    expect(await stockOf(skuId)).toBe(1);
    await as(shopper).shop.cancel({ shop: "tea", orderId });
    expect(await stockOf(skuId)).toBe(3);
    expect(await orderRow(orderId)).toMatchObject({ status: "cancelled" });
  });
});

describe("the scheduled order job", () => {
  test("expires unpaid orders past their time and releases stock; a late payment is given back", async () => {
    const skuId = await newSku(3);
    const { orderId, url } = await buy(skuId, 2);
    const fresh = await buy(skuId, 1);
    expect(await stockOf(skuId)).toBe(0);
    await db.execute(sql`update orders set expires_at = now() - interval '1 minute' where id = ${orderId}`);
    const r = await runOrderSweep(db, payments.providers);
    expect(r.expired).toBeGreaterThanOrEqual(1);
    expect(await orderRow(orderId)).toMatchObject({ status: "cancelled" });
    expect(await orderRow(fresh.orderId)).toMatchObject({ status: "created" });
    expect(await stockOf(skuId)).toBe(2);
    // A second sweep finds nothing more for it.
    await runOrderSweep(db, payments.providers);
    expect(await stockOf(skuId)).toBe(2);

    const paymentId = url!.split("/pay/")[1]!;
    await db.execute(sql`update payments set status = 'pending' where id = ${paymentId}`);
    const late = await withTenant(db, seed.teaId, (tx) => applyPaymentEvent(tx, seed.teaId, simulatorEvent(paymentId, "complete", 10000)));
    expect(late).toMatchObject({ applied: true, effect: "voided" });
    expect(await orderRow(orderId)).toMatchObject({ status: "cancelled", paid_fen: 0 });
    // The sweep sends stuck refunds (the void) to the provider.
    await db.execute(sql`update refunds set decided_at = now() - interval '10 minutes' where order_id = ${orderId}`);
    await runOrderSweep(db, payments.providers);
    expect((await one<{ status: string }>(sql`select status from refunds where order_id = ${orderId}`)).status).toBe("succeeded");
  });

  test("completes received orders once the return window has closed (order.completed)", async () => {
    const skuId = await newSku(2);
    const { orderId } = await paidOrder(skuId);
    await as(owner, seed.teaId).orders.ship({ orderId, carrier: "EMS", trackingNo: "EMS000000001" });
    await as(shopper).shop.confirmReceipt({ shop: "tea", orderId });
    await runOrderSweep(db, payments.providers);
    expect(await orderRow(orderId)).toMatchObject({ status: "received" });
    await db.execute(sql`update orders set received_at = now() - interval '8 days' where id = ${orderId}`);
    expect(keyOf(await rejection(as(shopper).shop.requestReturn({ shop: "tea", orderId, reason: "晚了", photos: [] })))).toBe("order.returnWindowClosed");
    await runOrderSweep(db, payments.providers);
    expect(await orderRow(orderId)).toMatchObject({ status: "completed" });
    expect((await outboxOf(orderId)).map((o) => o.topic)).toEqual(["order.paid", "order.completed"]);
  });
});

describe("bad input changes nothing", () => {
  const snapshot = async (skuId: string) => ({
    stock: await stockOf(skuId),
    orders: (await one<{ n: number }>(sql`select count(*)::int as n from orders`)).n,
    addresses: (await one<{ n: number }>(sql`select count(*)::int as n from addresses`)).n,
  });

  test.each<[string, (skuId: string) => Record<string, unknown>, string, string]>([
    ["quantity 0", (skuId) => ({ items: [{ skuId, quantity: 0 }], address: ADDRESS }), "items.0.quantity", "order.quantityInvalid"],
    ["a quantity that is not whole", (skuId) => ({ items: [{ skuId, quantity: 1.5 }], address: ADDRESS }), "items.0.quantity", "order.quantityInvalid"],
    ["an address without a street", (skuId) => ({ items: [{ skuId, quantity: 1 }], address: { ...ADDRESS, detail: " " } }), "address.detail", "address.detail"],
    ["an address with a bad phone", (skuId) => ({ items: [{ skuId, quantity: 1 }], address: { ...ADDRESS, phone: "12345" } }), "address.phone", "address.phone"],
    ["no items", () => ({ items: [], address: ADDRESS }), "items", "order.items"],
  ])("%s: a field error in both languages", async (_name, body, field, key) => {
    const skuId = await newSku(3);
    const before = await snapshot(skuId);
    for (const locale of ["zh-CN", "en"] as const) {
      const e = await httpError(ctxOf(shopper, null, locale), "shop.checkout", { shop: "tea", idempotencyKey: randomUUID(), ...body(skuId) });
      expect(e.status).toBe(400);
      expect(e.fieldErrors?.[field]).toBe(translateError(locale, key));
    }
    expect(await snapshot(skuId)).toEqual(before);
  });

  test("more than the stock: refused with the product's name and what is left", async () => {
    const skuId = await newSku(2);
    const before = await snapshot(skuId);
    const e = await httpError(ctxOf(shopper, null, "en"), "shop.checkout", { shop: "tea", idempotencyKey: randomUUID(), items: [{ skuId, quantity: 3 }], address: ADDRESS });
    expect(e.code).toBe("CONFLICT");
    expect(e.message).toMatch(/^Not enough stock for 测试茶 .+: 2 left\.$/);
    expect(await snapshot(skuId)).toEqual(before);
    expect(keyOf(await rejection(as(shopper).shop.cartPut({ shop: "tea", skuId, quantity: 3 })))).toBe("order.outOfStock");
  });

  test("a product of another tenant cannot be put in the cart or bought", async () => {
    const [beautySku] = await truth<{ id: string }>(sql`select id::text as id from product_skus where tenant_id = ${seed.beautyId} limit 1`);
    expect(keyOf(await rejection(as(shopper).shop.cartPut({ shop: "tea", skuId: beautySku!.id, quantity: 1 })))).toBe("order.skuUnavailable");
    const before = (await one<{ n: number }>(sql`select count(*)::int as n from orders`)).n;
    expect(keyOf(await rejection(buy(beautySku!.id)))).toBe("order.skuUnavailable");
    expect((await one<{ n: number }>(sql`select count(*)::int as n from orders`)).n).toBe(before);
  });

  test("a draft product cannot be bought; a failed multi-line order keeps none of its reservations", async () => {
    const okSku = await newSku(5);
    const draftSku = await newSku(5);
    await db.execute(sql`update products set status = 'draft' where id = (select product_id from product_skus where id = ${draftSku})`);
    const e = await rejection(as(shopper).shop.checkout({ shop: "tea", items: [{ skuId: okSku, quantity: 2 }, { skuId: draftSku, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() }));
    expect(keyOf(e)).toBe("order.skuUnavailable");
    expect(await stockOf(okSku)).toBe(5);
  });

  test("another shopper's order, and another tenant's order in the console, are not found", async () => {
    const skuId = await newSku(2);
    const { orderId, url } = await buy(skuId);
    expect(keyOf(await rejection(as(owner).shop.order({ shop: "tea", orderId })))).toBe("order.notFound");
    // Their payment page and the simulator refuse another shopper too, and the order stays unpaid.
    const paymentId = url!.split("/pay/")[1]!;
    expect((await as(shopper).shop.payment({ shop: "tea", paymentId })).order.id).toBe(orderId);
    expect(keyOf(await rejection(as(owner).shop.payment({ shop: "tea", paymentId })))).toBe("order.notFound");
    expect(keyOf(await rejection(as(owner).shop.simulate({ shop: "tea", paymentId, outcome: "complete" })))).toBe("order.notFound");
    expect((await orderRow(orderId)).status).toBe("created");
    const [beautyOrder] = await truth<{ id: string }>(sql`select id::text as id from orders where tenant_id = ${seed.beautyId} limit 1`);
    expect(keyOf(await rejection(as(owner, seed.teaId).orders.detail({ orderId: beautyOrder!.id })))).toBe("order.notFound");
    expect(keyOf(await rejection(as(owner, seed.teaId).orders.ship({ orderId: beautyOrder!.id, carrier: "SF", trackingNo: "SF00000001" })))).toBe("order.notFound");
    // …and the beauty order is untouched.
    expect((await orderRow(beautyOrder!.id)).status).not.toBe("shipped");
  });
});

describe("payment return URLs", () => {
  test("only the shop's own hosts or the platform's are accepted", async () => {
    const { safeShopBase } = await import("../src/routers/shop");
    expect(safeShopBase("", "tea", "tea")).toBe("");
    expect(safeShopBase("/s/tea", "tea", "tea")).toBe("/s/tea");
    expect(safeShopBase("http://localhost:3000/s/tea", "tea", "tea")).toBe("http://localhost:3000/s/tea");
    expect(safeShopBase("https://tea.localhost", "tea", "tea")).toBe("https://tea.localhost");
    expect(safeShopBase("https://shop.example.com", "shop.example.com", "tea")).toBe("https://shop.example.com");
    for (const bad of ["https://evil.example.com/s/tea", "//evil.example.com", "javascript:alert(1)", "https://beauty.localhost"]) {
      expect(() => safeShopBase(bad, "tea", "tea"), bad).toThrow();
    }
    const skuId = await newSku(2);
    const e = await rejection(
      as(shopper).shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID(), base: "https://evil.example.com" }),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(await stockOf(skuId)).toBe(2);
  });
});

describe("the request context", () => {
  test("the console's active tenant is looked up only by tenant procedures, before their transaction", async () => {
    let lookups = 0;
    const activeTenant = async () => {
      lookups++;
      return seed.teaId;
    };
    const shopperApi = createCaller({ db, user: shopper, locale: "zh-CN", activeTenant, payments });
    await shopperApi.shop.cart({ shop: "tea" });
    expect(lookups).toBe(0);
    const ownerApi = createCaller({ db, user: owner, locale: "zh-CN", activeTenant, payments });
    const { total } = await ownerApi.orders.list({ page: 1, pageSize: 5 });
    expect(total).toBeGreaterThan(0);
    expect(lookups).toBe(1);
  });
});

describe("the shopper's pages read through the shop API", () => {
  test("checkout preview: buy-now totals with shipping, the cart's share code, the address book", async () => {
    const skuId = await newSku(5, 1990);
    const buyNow = await as(shopper).shop.checkoutPreview({ shop: "tea", items: [{ skuId, quantity: 2 }], refCode: "TEA0002" });
    expect(buyNow.lines.map((l) => [l.skuId, l.quantity])).toEqual([[skuId, 2]]);
    expect(buyNow.totals).toEqual({ subtotalFen: 3980, shippingFen: 1000, totalFen: 4980 });
    expect(buyNow.refCode).toBe("TEA0002");
    expect(buyNow.addresses.length).toBeGreaterThan(0);

    await as(shopper).shop.cartPut({ shop: "tea", skuId, quantity: 1, refCode: "TEA0003" });
    const fromCart = await as(shopper).shop.checkoutPreview({ shop: "tea", fromCart: true });
    expect(fromCart.lines.some((l) => l.skuId === skuId)).toBe(true);
    expect(fromCart.refCode).toBe("TEA0003");
    // Another tenant's SKU is simply not there.
    const [beautySku] = await truth<{ id: string }>(sql`select id::text as id from product_skus where tenant_id = ${seed.beautyId} limit 1`);
    expect((await as(shopper).shop.checkoutPreview({ shop: "tea", items: [{ skuId: beautySku!.id, quantity: 1 }] })).totals).toBeNull();
  });

  test("deleting the default address hands the default to another", async () => {
    const api = as(shopper);
    const a = await api.shop.saveAddress({ shop: "beauty", address: { ...ADDRESS, name: "甲", isDefault: true } });
    await api.shop.saveAddress({ shop: "beauty", address: { ...ADDRESS, name: "乙" } });
    await api.shop.deleteAddress({ shop: "beauty", id: a.id });
    const book = await api.shop.addresses({ shop: "beauty" });
    expect(book.filter((x) => x.isDefault)).toHaveLength(1);
  });
});

describe("return photos", () => {
  const PNG = Uint8Array.from(Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
  test("a shopper's photo is stored with the storefront's tenant; anything but a picture is refused", async () => {
    const photo = await as(shopper).shop.uploadPhoto({ shop: "beauty", bytes: PNG });
    expect(photo.url).toBe(`/api/media/${seed.beautyId}/${photo.id}`);
    expect((await one<{ tenant_id: string }>(sql`select tenant_id::text from media where id = ${photo.id}`)).tenant_id).toBe(seed.beautyId);
    const gif = Uint8Array.from(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"));
    expect(keyOf(await rejection(as(shopper).shop.uploadPhoto({ shop: "beauty", bytes: gif })))).toBe("product.imageType");
    expect(keyOf(await rejection(as(shopper).shop.uploadPhoto({ shop: "beauty", bytes: new Uint8Array() })))).toBe("product.imageEmpty");
  });
});

describe("console orders and settings", () => {
  test("orders filter by status, shopper or recipient, distributor code and date; another tenant's never show", async () => {
    const skuId = await newSku(5);
    const a = await as(shopper).shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], address: { ...ADDRESS, name: "筛选甲", phone: "13700007777" }, idempotencyKey: randomUUID(), refCode: "TEA0004" });
    const api = as(owner, seed.teaId);
    const ids = async (f: Parameters<typeof api.orders.list>[0]) => (await api.orders.list(f)).orders.map((o) => o.id);
    expect(await ids({ q: "筛选甲" })).toEqual([a.orderId]);
    expect(await ids({ q: "13700007777" })).toEqual([a.orderId]);
    expect(await ids({ refCode: "TEA0004" })).toContain(a.orderId);
    expect(await ids({ status: "created", q: "筛选甲" })).toEqual([a.orderId]);
    expect(await ids({ status: "paid", q: "筛选甲" })).toEqual([]);
    expect(await ids({ from: new Date(Date.now() + 86_400_000), q: "筛选甲" })).toEqual([]);
    expect(await ids({ to: new Date(Date.now() - 86_400_000), q: "筛选甲" })).toEqual([]);
    const all = await api.orders.list({ pageSize: 100 });
    const teaIds = new Set((await truth<{ id: string }>(sql`select id::text as id from orders where tenant_id = ${seed.teaId}`)).map((r) => r.id));
    expect(all.orders.every((o) => teaIds.has(o.id))).toBe(true);
    expect(all.total).toBe(teaIds.size);
  });

  test("a date that does not exist in the order filter (2024-13-01) is a field error in the user's language, never a 500", async () => {
    expect((await rejection(as(owner, seed.teaId).orders.list({ from: "2024-13-01" as never }))).code).toBe("BAD_REQUEST");
    for (const locale of ["zh-CN", "en"] as const) {
      const e = await httpError(ctxOf(owner, seed.teaId, locale), "orders.list", { from: "2024-13-01", to: "2024-12-01" }, "query");
      expect(e.status).toBe(400);
      expect(e.fieldErrors).toEqual({ from: translateError(locale, "order.date") });
    }
  });

  test("shipping settings apply to the next checkout; a viewer cannot change them; bad values change nothing", async () => {
    const api = as(owner, seed.teaId);
    const before = await api.orders.settings();
    await api.orders.updateSettings({ shippingFlatFen: 500, freeShippingFromFen: null, returnWindowDays: 7, unpaidExpiryMinutes: 30 });
    const skuId = await newSku(5, 20000);
    const preview = await as(shopper).shop.checkoutPreview({ shop: "tea", items: [{ skuId, quantity: 1 }] });
    expect(preview.totals).toEqual({ subtotalFen: 20000, shippingFen: 500, totalFen: 20500 });

    const viewer = await loadUser(db, await userIdByEmail(db, "viewer@demo.local"));
    expect(keyOf(await rejection(as(viewer, seed.teaId).orders.updateSettings({ shippingFlatFen: 0, freeShippingFromFen: null, returnWindowDays: 7, unpaidExpiryMinutes: 30 })))).toBe("forbiddenRole");
    const e = await httpError(ctxOf(owner, seed.teaId, "en"), "orders.updateSettings", { shippingFlatFen: -1, freeShippingFromFen: null, returnWindowDays: 120, unpaidExpiryMinutes: 30 });
    expect(e.fieldErrors).toMatchObject({ shippingFlatFen: translateError("en", "store.shippingFee"), returnWindowDays: translateError("en", "store.returnWindow") });
    expect(await api.orders.settings()).toMatchObject({ shippingFlatFen: 500, freeShippingFromFen: null });
    await api.orders.updateSettings({ shippingFlatFen: before.shippingFlatFen, freeShippingFromFen: before.freeShippingFromFen, returnWindowDays: before.returnWindowDays, unpaidExpiryMinutes: before.unpaidExpiryMinutes });
  });
});

describe("storefront search", () => {
  test("by name or subtitle, by category, a page at a time; drafts and other shops never show; % is literal", async () => {
    const { searchProducts } = await import("../../db/src/queries/catalog");
    const find = (f: { q?: string; categoryId?: string; limit?: number; offset?: number }) =>
      withTenant(db, seed.teaId, (tx) => searchProducts(tx, seed.teaId, { limit: 100, offset: 0, ...f }));
    const onSale = await truth<{ id: string; name: string; category_id: string | null }>(
      sql`select id::text, name, category_id::text from products where tenant_id = ${seed.teaId} and status = 'on_sale' and exists (select 1 from product_skus s where s.product_id = products.id)`,
    );
    const some = onSale.find((p) => p.category_id)!;
    expect((await find({ q: some.name.slice(0, 2) })).map((p) => p.id)).toContain(some.id);
    const inCat = await find({ categoryId: some.category_id! });
    expect(inCat.length).toBe(onSale.filter((p) => p.category_id === some.category_id).length);
    expect(await find({ q: "%" })).toEqual([]);
    const page1 = await find({ limit: 3 });
    const page2 = await find({ limit: 3, offset: 3 });
    expect(page1).toHaveLength(3);
    expect(page2.some((p) => page1.some((q) => q.id === p.id))).toBe(false);
    const draftSku = await newSku(1);
    await db.execute(sql`update products set status = 'draft', name = '草稿搜索' where id = (select product_id from product_skus where id = ${draftSku})`);
    expect(await find({ q: "草稿搜索" })).toEqual([]);
    const [beauty] = await truth<{ name: string }>(sql`select name from products where tenant_id = ${seed.beautyId} limit 1`);
    expect(await find({ q: beauty!.name })).toEqual([]);
  });
});

describe("the payment simulator outside development (H3)", () => {
  const withRuntime = (rt: typeof payments, user = shopper) => createCaller({ ...ctxOf(user), payments: rt });
  const production = simulatorRuntime({ NODE_ENV: "production" });
  const ordersOf = (userId: string) => one<{ n: number }>(sql`select count(*)::int as n from orders where buyer_id = ${userId}`);

  test("production without Stripe refuses simulated checkouts and completions, with a localized error; nothing is paid", async () => {
    const skuId = await newSku(5);
    const before = (await ordersOf(shopper.id)).n;
    const e = await rejection(withRuntime(production).shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() }));
    expect(keyOf(e)).toBe("payment.simulatorDisabled");
    expect((await ordersOf(shopper.id)).n).toBe(before);
    expect(await stockOf(skuId)).toBe(5);
    // A payment opened before the switch cannot be completed either.
    const { orderId, url } = await buy(skuId);
    const paymentId = url!.split("/pay/")[1]!;
    expect(keyOf(await rejection(withRuntime(production).shop.simulate({ shop: "tea", paymentId, outcome: "complete" })))).toBe("payment.simulatorDisabled");
    const zh = await httpError({ ...ctxOf(shopper), payments: production }, "shop.simulate", { shop: "tea", paymentId, outcome: "complete" });
    expect(zh.message).toBe("本平台已停用模拟支付。");
    const en = await httpError({ ...ctxOf(shopper, null, "en"), payments: production }, "shop.simulate", { shop: "tea", paymentId, outcome: "complete" });
    expect(en.message).toBe("The payment simulator is disabled on this platform.");
    expect((await orderRow(orderId)).status).toBe("created");
  });

  test("ALLOW_PAYMENT_SIMULATOR=1 allows it in production, but the paying account is always the shopper's own", async () => {
    const allowed = simulatorRuntime({ NODE_ENV: "production", ALLOW_PAYMENT_SIMULATOR: "1" });
    const skuId = await newSku(5);
    const { orderId, url } = await withRuntime(allowed).shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], address: ADDRESS, idempotencyKey: randomUUID() });
    const paymentId = url!.split("/pay/")[1]!;
    const e = await rejection(withRuntime(allowed).shop.simulate({ shop: "tea", paymentId, outcome: "complete", account: owner.id }));
    expect(e.code).toBe("BAD_REQUEST");
    expect((await orderRow(orderId)).status).toBe("created");
    await withRuntime(allowed).shop.simulate({ shop: "tea", paymentId, outcome: "complete" });
    expect((await orderRow(orderId)).status).toBe("paid");
    const fp = await one<{ f: string | null }>(sql`select method_fingerprint as f from payments where id = ${paymentId}`);
    expect(fp.f).toBe(`sim:${shopper.id}`);
    expect(simulatorPolicy({ NODE_ENV: "production", ALLOW_PAYMENT_SIMULATOR: "1" }, false)).toEqual({ usable: true, accounts: false });
    expect(simulatorPolicy({ NODE_ENV: "development" }, false)).toEqual({ usable: true, accounts: true });
  });

  test("with Stripe enabled, a still-pending simulator payment cannot be completed", async () => {
    const stripeOn = stripeRuntime({ STRIPE_SECRET_KEY: "sk_test_never_called" });
    const skuId = await newSku(5);
    const { orderId, url } = await buy(skuId);
    const paymentId = url!.split("/pay/")[1]!;
    expect(keyOf(await rejection(withRuntime(stripeOn).shop.simulate({ shop: "tea", paymentId, outcome: "complete" })))).toBe("payment.simulatorDisabled");
    expect((await orderRow(orderId)).status).toBe("created");
  });
});
