/**
 * The machinery behind commissions (review, "money and job bugs"): one
 * failing outbox event is retried with backoff and parked, never stopping
 * the other events and tenants; a confirmed fraud flag followed by a partial
 * refund no longer poisons the queue; scheduled jobs are recorded runs
 * (one per period across servers, failures retried, missed months caught up),
 * and the platform operator sees and retries what failed.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/src/client";
import { drainAllOutboxes, drainsIdle, MAX_OUTBOX_ATTEMPTS, runDistributionDaily } from "../../db/src/flows/commissions";
import { claimRun, runOnce } from "../../db/src/flows/job-runs";
import { distributionWorld } from "./distribution-fixtures";
import { loadUser, rejection } from "./helpers";

const { w, as, console_, newShopper, newSku, buyThrough, newDistributor } = distributionWorld();
let db: Db;
let seed: typeof w.seed;
let truth: typeof w.truth;
beforeAll(() => ({ db, seed, truth } = w));

const operator = async () => as(await loadUser(db, seed.operatorId));
const outboxRow = async (seq: number) =>
  (await truth<{ attempts: number; last_error: string | null; retry_at: string | null; parked_at: string | null; processed_at: string | null }>(
    sql`select attempts, last_error, retry_at, parked_at, processed_at from outbox where tenant_id = ${seed.teaId} and seq = ${seq}`,
  ))[0]!;

/** A bad event for an existing order: its refund line is not a uuid, so applying it fails in SQL every time. */
async function poison(orderId: string): Promise<number> {
  const [r] = await truth<{ seq: number }>(sql`
    insert into outbox (tenant_id, topic, key, order_id, payload)
    values (${seed.teaId}, 'order.refunded', ${`poison:${randomUUID()}`}, ${orderId}, ${JSON.stringify({ refundId: randomUUID(), full: false, lines: [{ lineId: "not-a-uuid", amountFen: 1 }] })}::jsonb)
    returning seq::int`);
  return r!.seq;
}

describe("a failing outbox event (review: a poisoned outbox stops commissions for everyone)", () => {
  test("is retried with backoff while every other event goes on, parked after a few tries, and retried by the operator", async () => {
    const { code } = await newDistributor("TEA0001");
    const { skuId } = await newSku();
    const first = await buyThrough(await newShopper(), skuId, code);
    const bad = await poison(first);

    // A later purchase still earns its commission although the bad event comes first in the queue.
    const later = await buyThrough(await newShopper(), skuId, code);
    await drainAllOutboxes(db);
    expect((await truth<{ n: number }>(sql`select count(*)::int as n from commissions where order_id = ${later}`))[0]!.n).toBeGreaterThan(0);
    let row = await outboxRow(bad);
    expect(row).toMatchObject({ attempts: 1, processed_at: null, parked_at: null });
    expect(row.last_error).toMatch(/uuid/i);
    expect(new Date(row.retry_at!).getTime()).toBeGreaterThan(Date.now());
    // Not due yet: the next drain leaves it alone.
    await drainAllOutboxes(db);
    expect((await outboxRow(bad)).attempts).toBe(1);

    // Each time it is due it fails again, until it is parked.
    for (let i = 2; i <= MAX_OUTBOX_ATTEMPTS; i++) {
      await db.execute(sql`update outbox set retry_at = now() - interval '1 second' where tenant_id = ${seed.teaId} and seq = ${bad}`);
      await drainAllOutboxes(db);
    }
    row = await outboxRow(bad);
    expect(row.attempts).toBe(MAX_OUTBOX_ATTEMPTS);
    expect(row.parked_at).not.toBeNull();
    await db.execute(sql`update outbox set retry_at = now() - interval '1 second' where tenant_id = ${seed.teaId} and seq = ${bad}`);
    await drainAllOutboxes(db);
    expect((await outboxRow(bad)).attempts).toBe(MAX_OUTBOX_ATTEMPTS); // parked: skipped

    // The operator sees it with its error, and sends it back after a fix; nobody else may.
    const seen = (await (await operator()).platform.outbox()).find((f) => f.seq === bad)!;
    expect(seen).toMatchObject({ tenantSlug: "tea", orderId: first, attempts: MAX_OUTBOX_ATTEMPTS });
    expect(seen.parkedAt).not.toBeNull();
    expect((await rejection(console_().platform.outbox())).code).toBe("FORBIDDEN");
    await db.execute(sql`update outbox set payload = jsonb_set(payload, '{lines}', '[]'::jsonb) where tenant_id = ${seed.teaId} and seq = ${bad}`); // "the fix"
    expect(await (await operator()).platform.retryOutbox({ tenantId: seed.teaId, seq: bad })).toEqual({ retried: true });
    await drainAllOutboxes(db);
    expect((await outboxRow(bad)).processed_at).not.toBeNull();
    expect((await (await operator()).platform.outbox()).some((f) => f.seq === bad)).toBe(false);
  });

  test("an order's later events wait behind its failing event (a refund is never applied before its payment)", async () => {
    const { code } = await newDistributor("TEA0001");
    const { skuId } = await newSku();
    const orderId = await buyThrough(await newShopper(), skuId, code);
    const bad = await poison(orderId);
    const [after] = await truth<{ seq: number }>(sql`
      insert into outbox (tenant_id, topic, key, order_id, payload)
      values (${seed.teaId}, 'order.refunded', ${`after:${randomUUID()}`}, ${orderId}, ${JSON.stringify({ refundId: randomUUID(), full: false, lines: [] })}::jsonb)
      returning seq::int`);
    await drainAllOutboxes(db);
    expect((await outboxRow(bad)).attempts).toBe(1);
    expect((await outboxRow(after!.seq)).processed_at).toBeNull();
    await db.execute(sql`update outbox set payload = jsonb_set(payload, '{lines}', '[]'::jsonb), retry_at = now() - interval '1 second' where tenant_id = ${seed.teaId} and seq = ${bad}`);
    await drainAllOutboxes(db);
    expect((await outboxRow(bad)).processed_at).not.toBeNull();
    expect((await outboxRow(after!.seq)).processed_at).not.toBeNull();
  });

  test("a partial refund after a confirmed fraud flag reverses nothing more of the flagged commission and the queue goes on", async () => {
    const phone = `136${String(Date.now()).slice(-8)}`;
    const { user: ref, code } = await newDistributor("TEA0001");
    await db.execute(sql`update users set phone = ${phone} where id = ${ref.id}`);
    const { skuId } = await newSku(10000, 2000);
    const buyer = await newShopper(phone);
    const orderId = await buyThrough(buyer, skuId, code, 2);
    const flag = (await console_().distribution.flags({ status: "open" })).find((f) => f.orderId === orderId)!;
    await console_().distribution.decideFlag({ flagId: flag.id, decision: "confirm" });
    const [order] = await truth<{ paid_fen: number }>(sql`select paid_fen from orders where id = ${orderId}`);
    await console_().orders.refund({ orderId, amountFen: Math.floor(order!.paid_fen / 3), reason: "部分退款", restock: false });
    await drainsIdle();
    await drainAllOutboxes(db);
    const stuck = await truth<{ n: number }>(sql`select count(*)::int as n from outbox where tenant_id = ${seed.teaId} and order_id = ${orderId} and processed_at is null`);
    expect(stuck[0]!.n).toBe(0);
    const rows = await truth<{ beneficiary_id: string; amount_fen: number; reversed: number }>(sql`
      select c.beneficiary_id, c.amount_fen, (select coalesce(sum(r.amount_fen), 0)::int from commission_reversals r where r.commission_id = c.id) as reversed
        from commissions c where c.order_id = ${orderId}`);
    const flagged = rows.find((r) => r.beneficiary_id === ref.id)!;
    expect(flagged.reversed).toBe(flagged.amount_fen); // all of it by the flag, nothing below zero by the refund
    const upline = rows.find((r) => r.beneficiary_id !== ref.id)!;
    expect(upline.reversed).toBeGreaterThan(0);
    expect(upline.reversed).toBeLessThan(upline.amount_fen);
  });
});

describe("scheduled jobs are recorded runs", () => {
  test("a period runs once, a failed run is tried again, and the operator sees both", async () => {
    const period = `test-${randomUUID().slice(0, 8)}`;
    let calls = 0;
    const first = await runOnce(db, "test.job", period, async () => {
      calls++;
      throw new Error("boom");
    }, { retrySeconds: 0 });
    expect(first).toMatchObject({ ran: true, ok: false, attempt: 1, error: "boom" });
    const second = await runOnce(db, "test.job", period, async () => ++calls, { retrySeconds: 0 });
    expect(second).toMatchObject({ ran: true, ok: true, attempt: 2, result: 2 });
    expect(await runOnce(db, "test.job", period, async () => ++calls)).toEqual({ ran: false });
    expect(calls).toBe(2);
    const runs = await (await operator()).platform.jobRuns();
    expect(runs.find((r) => r.job === "test.job" && r.period === period)).toMatchObject({ status: "done", attempts: 2, error: null });
    expect((await rejection(console_().platform.jobRuns())).code).toBe("FORBIDDEN");
  });

  test("two servers claiming the same period at once: exactly one runs it", async () => {
    const period = `race-${randomUUID().slice(0, 8)}`;
    const claims = await Promise.all(Array.from({ length: 4 }, () => claimRun(db, "test.race", period)));
    expect(claims.filter((c) => c > 0)).toHaveLength(1);
  });

  test("a month whose first day no job saw is closed at the next run, once per tenant", async () => {
    // A run in the middle of a month (three months ago): the month before it was never closed.
    const now = new Date();
    const later = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 3, 15, 4));
    const first = await runDistributionDaily(db, later);
    expect(first.tenants).toBeGreaterThan(0);
    expect(first.monthsClosed).toBe(first.tenants);
    const again = await runDistributionDaily(db, later);
    expect(again.monthsClosed).toBe(0);
    const month = new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", timeZone: "Asia/Shanghai" }).format(new Date(Date.UTC(later.getUTCFullYear(), later.getUTCMonth() - 1, 15)));
    const runs = await (await operator()).platform.jobRuns();
    expect(runs.find((r) => r.job === "distribution.month-close" && r.period === `${seed.teaId}:${month}`)).toMatchObject({ status: "done", attempts: 1 });
  });
});
