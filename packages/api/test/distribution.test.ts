/**
 * The distribution engine (PRODUCT.md §4) end to end through the API the
 * console and the storefront use: binding (rules, self-referral, races),
 * the outbox → commission → reversal path with the upline captured at order
 * time, team rollups at depth 12 proven by recomputation, levels, anti-fraud
 * holds, exit, the team bonus, and bad input that changes nothing. Runs on
 * PGlite, and on PostgreSQL (real concurrency) when DATABASE_URL is set.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { commissionsForLine } from "../../commission/src/engine";
import { DEFAULT_PROGRAMME, toPlan, type Programme } from "../../commission/src/config";
import { rowsOf, type Db } from "../../db/src/client";
import { withTenant } from "../../db/src/context";
import { drainOutbox, evaluateLevels } from "../../db/src/flows/commissions";
import { verifyAllLedgers } from "../../db/src/flows/ledger-verify";
import { computeTeamBonuses, recomputeTeamSales, teamSalesFromOrders } from "../../db/src/queries/distributors";
import { getProgramme } from "../../db/src/queries/distribution-settings";
import { translateError } from "../../i18n/src";
import type { User } from "../src/trpc";
import { distributionWorld } from "./distribution-fixtures";
import { httpError, keyOf, loadUser, rejection } from "./helpers";

const { w, ctxOf, as, console_, newShopper, newSku, buyThrough, newDistributor } = distributionWorld();
let db: Db;
let seed: typeof w.seed;
let truth: typeof w.truth;
let owner: User;
beforeAll(() => ({ db, seed, truth, owner } = w));

async function one<T>(q: ReturnType<typeof sql>): Promise<T> {
  const [r] = await truth<T>(q);
  return r!;
}
const n = async (q: ReturnType<typeof sql>) => Number((await one<{ n: number | string }>(q)).n);

const commissionsOf = (orderId: string) =>
  truth<{ beneficiary_id: string; kind: string; amount_fen: number; status: string; reversed: number }>(sql`
    select c.beneficiary_id::text, c.kind, c.amount_fen, c.status,
           coalesce((select sum(r.amount_fen) from commission_reversals r where r.commission_id = c.id), 0)::int as reversed
      from commissions c where c.order_id = ${orderId} order by c.kind`);

const d = (i: number) => seed.distributorIds[i]!;


describe("referral binding (§4.2)", () => {
  test("first touch: the first link wins; a distributor cannot refer themselves; an unknown code binds nobody", async () => {
    const s = await newShopper();
    expect(await as(s).shop.distribution.bind({ shop: "tea", code: "TEA0004" })).toEqual({ bound: true, changed: true });
    expect(await as(s).shop.distribution.bind({ shop: "tea", code: "TEA0002" })).toEqual({ bound: true, changed: false });
    expect((await one<{ referrer_id: string }>(sql`select referrer_id::text from referral_bindings where user_id = ${s.id} and tenant_id = ${seed.teaId}`)).referrer_id).toBe(d(3));

    const dist2 = await loadUser(db, d(1));
    const before = await one<{ referrer_id: string }>(sql`select referrer_id::text from referral_bindings where user_id = ${d(1)} and tenant_id = ${seed.teaId}`);
    expect(await as(dist2).shop.distribution.bind({ shop: "tea", code: "TEA0002" })).toMatchObject({ changed: false });
    expect(await as(dist2).shop.distribution.bind({ shop: "tea", code: "TEA0004" })).toMatchObject({ changed: false });
    expect(await one(sql`select referrer_id::text from referral_bindings where user_id = ${d(1)} and tenant_id = ${seed.teaId}`)).toEqual(before);

    const t = await newShopper();
    expect(await as(t).shop.distribution.bind({ shop: "tea", code: "NOPE1234" })).toEqual({ bound: false, changed: false });
    expect((await rejection(as(t).shop.distribution.bind({ shop: "tea", code: "x" }))).code).toBe("BAD_REQUEST");
  });

  test("the database refuses a self-referral and a cycle even if a query tried", async () => {
    await expect(
      withTenant(db, seed.teaId, (tx) => tx.execute(sql`insert into referral_bindings (tenant_id, user_id, referrer_id, path, source) values (${seed.teaId}, ${d(0)}, ${d(0)}, array[${d(0)}::uuid], 'link')`)),
    ).rejects.toThrow();
    // dist1 under dist5 (dist5's path contains dist1): a cycle.
    await expect(
      withTenant(db, seed.teaId, (tx) =>
        tx.execute(sql`insert into referral_bindings (tenant_id, user_id, referrer_id, path, source)
                       select ${seed.teaId}, ${d(0)}, ${d(4)}, array[${d(4)}::uuid] || path, 'link' from referral_bindings where tenant_id = ${seed.teaId} and user_id = ${d(4)}`),
      ),
    ).rejects.toThrow();
  });

  test("last touch: a newer link takes over only after the protection period", async () => {
    await console_().distribution.saveProgramme({ ...(await getProgrammeOf()), bindingRule: "last_touch", protectionDays: 30 });
    try {
      const s = await newShopper();
      await as(s).shop.distribution.bind({ shop: "tea", code: "TEA0004" });
      expect(await as(s).shop.distribution.bind({ shop: "tea", code: "TEA0002" })).toMatchObject({ changed: false });
      await db.execute(sql`update referral_bindings set bound_at = now() - interval '31 days' where user_id = ${s.id}`);
      expect(await as(s).shop.distribution.bind({ shop: "tea", code: "TEA0002" })).toEqual({ bound: true, changed: true });
      expect(await one(sql`select referrer_id::text, path::text from referral_bindings where user_id = ${s.id}`)).toEqual({ referrer_id: d(1), path: `{${d(1)},${d(0)}}` });
    } finally {
      await console_().distribution.saveProgramme({ ...(await getProgrammeOf()), bindingRule: "first_touch" });
    }
  });

  test("concurrent bindings of one shopper through ten links resolve to exactly one referrer", async () => {
    const s = await newShopper();
    const codes = ["TEA0001", "TEA0002", "TEA0003", "TEA0004", "TEA0005"];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => as(s).shop.distribution.bind({ shop: "tea", code: codes[i % 5]! })));
    expect(await n(sql`select count(*) as n from referral_bindings where user_id = ${s.id}`)).toBe(1);
    const { referrer_id } = await one<{ referrer_id: string }>(sql`select referrer_id::text from referral_bindings where user_id = ${s.id}`);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.bound))).toEqual(new Set([true]));
    expect(seed.distributorIds).toContain(referrer_id);
  });
});

async function getProgrammeOf(): Promise<Programme> {
  return (await console_().distribution.programme()).programme;
}

describe("outbox → commission → reversal (§4.3–4.5)", () => {
  test("a paid order pays the captured 3-level upline exactly what the engine computes, once; refunds reverse the refunded share", async () => {
    const { productId, skuId } = await newSku(19900, 8000);
    const buyer = await newShopper();
    // dist4 → dist2 → dist1: the shopper comes through dist4's link.
    const orderId = await buyThrough(buyer, skuId, "TEA0004", 2);
    const upline = await one<{ upline: { userId: string; distributorLevel: number }[]; chain: string[] }>(sql`select upline, chain::text[] as chain from order_uplines where order_id = ${orderId}`);
    expect(upline.upline.map((a) => a.userId)).toEqual([d(3), d(1), d(0)]);
    expect(upline.chain).toEqual([d(3), d(1), d(0)]);

    const got = await commissionsOf(orderId);
    const state = await withTenant(db, seed.teaId, (tx) => getProgramme(tx, seed.teaId));
    const want = commissionsForLine(
      toPlan(state.programme, []),
      { lineId: "x", productId, categoryId: null, quantity: 2, paidFen: 39800, unitCostFen: 8000 },
      { userId: buyer.id, distributorLevel: null },
      upline.upline,
    ).commissions;
    expect(got.map((c) => [c.beneficiary_id, c.kind, c.amount_fen, c.status])).toEqual(want.map((c) => [c.beneficiaryId, `level${c.commissionLevel}`, c.amountFen, "pending"]));
    expect(got).toHaveLength(3);

    // Draining again (a second worker, the scheduled job) adds nothing: the event was consumed with its rows.
    const monthSales = () => truth(sql`select user_id::text, team_sales_fen::bigint::text from distributor_month_stats where tenant_id = ${seed.teaId} and user_id in (${d(3)}, ${d(1)}, ${d(0)}) order by 1, 2`);
    const stats = await monthSales();
    expect((await drainOutbox(db, seed.teaId)).events).toBe(0);
    expect(await commissionsOf(orderId)).toEqual(got);
    expect(await monthSales()).toEqual(stats);
    // Even a consumer that saw the event again could not pay twice: one record per (line, beneficiary, kind).
    await expect(
      withTenant(db, seed.teaId, (tx) =>
        tx.execute(sql`insert into commissions (tenant_id, order_id, line_id, beneficiary_id, kind, amount_fen, reason, month)
                       select tenant_id, order_id, line_id, beneficiary_id, kind, amount_fen, reason, month from commissions where order_id = ${orderId}`),
      ),
    ).rejects.toThrow();

    // A later change of the tree does not change this order's commissions.
    await db.execute(sql`update distributors set level = 5 where tenant_id = ${seed.teaId} and user_id = ${d(3)}`);
    expect(await commissionsOf(orderId)).toEqual(got);
    await db.execute(sql`update distributors set level = 1 where tenant_id = ${seed.teaId} and user_id = ${d(3)}`);

    // Partial refund: ¥99.50 of ¥398 → a quarter of each commission (rounded down), cumulative.
    const refundOf = async (amountFen: number) => {
      const r = await as(owner, seed.teaId).orders.refund({ orderId, amountFen, reason: "部分退款", restock: false });
      return r;
    };
    // Team sales three ways agree after each refund: the consumer's rollups, the order's own entries, the orders.
    const month = (await one<{ m: string }>(sql`select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as m`)).m;
    const threeWays = async (userId: string) => {
      const [r] = await truth(sql`select team_sales_fen::bigint::int as n from distributor_month_stats where tenant_id = ${seed.teaId} and user_id = ${userId} and month = ${month}::date`);
      return withTenant(db, seed.teaId, async (tx) => [
        Number((r as { n: number } | undefined)?.n ?? 0),
        (await recomputeTeamSales(tx, seed.teaId, userId, month)).fen,
        (await teamSalesFromOrders(tx, seed.teaId, userId, month)).fen,
      ]);
    };
    const agree = async () => {
      for (const u of [d(3), d(1), d(0)]) {
        const [rollup, entries, orders] = await threeWays(u);
        expect([u, entries, orders]).toEqual([u, rollup, rollup]);
      }
    };
    const before = await threeWays(d(3));
    await refundOf(9950);
    await agree();
    // The refunded part of the lines left the team's sales (shipping was never in them).
    const afterPartSales = await threeWays(d(3));
    expect(before[0]! - afterPartSales[0]!).toBeGreaterThan(0);
    expect(before[0]! - afterPartSales[0]!).toBeLessThanOrEqual(9950);
    const afterPart = await commissionsOf(orderId);
    afterPart.forEach((c, i) => expect(c.reversed).toBe(Math.floor((got[i]!.amount_fen * 9950) / 39800)));
    expect(afterPart.every((c) => c.status === "pending")).toBe(true);
    // The rest (lines + shipping): every commission fully reversed, never more.
    const order = await one<{ paid_fen: number; refunded_fen: number }>(sql`select paid_fen, refunded_fen from orders where id = ${orderId}`);
    await refundOf(order.paid_fen - order.refunded_fen);
    const afterFull = await commissionsOf(orderId);
    afterFull.forEach((c, i) => expect(c).toMatchObject({ reversed: got[i]!.amount_fen, status: "reversed" }));
    await agree();
    expect(before[0]! - (await threeWays(d(3)))[0]!).toBe(39800);
  });

  test("a base promotion fee kept on returns: a refund takes back the share less 20%; on the full refund the kept part is made available at once", async () => {
    const rules = await as(owner, seed.teaId).finance.rules();
    const save = (keepOnReturn: { kind: "off" } | { kind: "percent"; bp: number }) =>
      as(owner, seed.teaId).finance.saveRules({
        defaultDays: rules.hold.defaultDays,
        highPrice: rules.hold.highPrice,
        minimumFen: rules.withdrawal.minimumFen,
        autoApproveBelowFen: rules.withdrawal.autoApproveBelowFen,
        keepOnReturn,
      });
    await expect(save({ kind: "percent", bp: 0 })).rejects.toThrow();
    await save({ kind: "percent", bp: 2_000 });
    try {
      const { skuId } = await newSku(19900, 8000);
      const orderId = await buyThrough(await newShopper(), skuId, "TEA0004", 2);
      const got = await commissionsOf(orderId);
      const available = (userId: string) => one<{ n: number }>(sql`select coalesce((select balance_fen from ledger_accounts where tenant_id = ${seed.teaId} and owner_id = ${userId} and kind = 'distributor_available'), 0)::int as n`).then((r) => r.n);
      const before = await Promise.all(got.map((c) => available(c.beneficiary_id)));
      await as(owner, seed.teaId).orders.refund({ orderId, amountFen: 9950, reason: "部分退款", restock: false });
      const part = await commissionsOf(orderId);
      part.forEach((c, i) => {
        const share = Math.floor((got[i]!.amount_fen * 9950) / 39800);
        expect(c.reversed).toBe(share - Math.floor((share * 2_000) / 10_000));
      });
      const order = await one<{ paid_fen: number; refunded_fen: number }>(sql`select paid_fen, refunded_fen from orders where id = ${orderId}`);
      await as(owner, seed.teaId).orders.refund({ orderId, amountFen: order.paid_fen - order.refunded_fen, reason: "全部退款", restock: false });
      const full = await commissionsOf(orderId);
      for (const [i, c] of full.entries()) {
        expect(c.status).toBe("reversed");
        // 20% of the whole commission (each refund's share, rounded down) stays with the distributor, now available.
        const kept = got[i]!.amount_fen - c.reversed;
        expect(kept).toBeGreaterThan(0);
        expect(kept).toBeLessThanOrEqual(Math.ceil(got[i]!.amount_fen * 0.2) + 1);
        expect((await available(c.beneficiary_id)) - before[i]!).toBeGreaterThanOrEqual(kept);
      }
      expect((await verifyAllLedgers(db)).problems).toEqual([]);
    } finally {
      await save({ kind: "off" });
    }
  });

  test("self-purchase: a distributor buying earns level 1 only when the merchant allows it", async () => {
    const { skuId } = await newSku(10000, 3000);
    const dist5 = await loadUser(db, d(4));
    const off = await buyThrough(dist5, skuId, null);
    expect((await commissionsOf(off)).map((c) => c.beneficiary_id)).toEqual([d(3), d(1), d(0)]);
    await console_().distribution.saveProgramme({ ...(await getProgrammeOf()), selfPurchase: true });
    try {
      const on = await buyThrough(dist5, skuId, null);
      expect((await commissionsOf(on)).map((c) => [c.beneficiary_id, c.kind])).toEqual([
        [d(4), "level1"],
        [d(3), "level2"],
        [d(1), "level3"],
      ]);
    } finally {
      await console_().distribution.saveProgramme({ ...(await getProgrammeOf()), selfPurchase: false });
    }
  });

  test("a shopper with no binding who is not a distributor earns nobody anything", async () => {
    const { skuId } = await newSku();
    const orderId = await buyThrough(await newShopper(), skuId, null);
    expect(await commissionsOf(orderId)).toEqual([]);
    expect(await n(sql`select count(*) as n from order_uplines where order_id = ${orderId}`)).toBe(0);
  });
});

describe("previews: the console's calculator and the storefront's share-and-earn agree with what an order pays", () => {
  test("share and earn is the direct referrer's amount on the cheapest SKU; null for a non-distributor; an off-sale product is not found", async () => {
    const { productId, skuId } = await newSku(15000, 5000);
    const dist4 = await loadUser(db, d(3));
    const earn = await as(dist4).shop.distribution.earn({ shop: "tea", productId });
    const orderId = await buyThrough(await newShopper(), skuId, "TEA0004");
    const paid = (await commissionsOf(orderId)).find((c) => c.kind === "level1")!;
    expect(earn).toEqual({ code: "TEA0004", amountFen: paid.amount_fen, priceFen: 15000 });
    const calc = await console_().distribution.calculate({ productId, quantity: 1, buyerLevel: null, upline: [1, 2, 3] });
    expect(calc.commissions[0]!.amountFen).toBe(paid.amount_fen);
    expect(await as(await newShopper()).shop.distribution.earn({ shop: "tea", productId })).toBeNull();
    await db.execute(sql`update products set status = 'off' where id = ${productId}`);
    expect((await rejection(as(dist4).shop.distribution.earn({ shop: "tea", productId }))).code).toBe("NOT_FOUND");
  });
});

describe("team statistics at any depth (§4.9)", () => {
  test("a chain twelve deep: every ancestor's team sales count the sale; the rollups equal a recomputation from orders", async () => {
    const chain: { user: User; code: string }[] = [];
    for (let i = 0; i < 12; i++) chain.push(await newDistributor(i === 0 ? null : chain[i - 1]!.code));
    const path = await one<{ path: string[] }>(sql`select path::text[] as path from referral_bindings where user_id = ${chain[11]!.user.id}`);
    expect(path.path).toEqual(chain.slice(0, 11).map((c) => c.user.id).reverse());

    const { skuId } = await newSku(5000, 1000);
    const buyer = await newShopper();
    await buyThrough(buyer, skuId, chain[11]!.code, 3);
    const second = await newShopper();
    await buyThrough(second, skuId, chain[5]!.code, 1);

    const month = (await one<{ m: string }>(sql`select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai'), 'YYYY-MM-DD') as m`)).m;
    const rollup = async (u: User) =>
      Number((await one<{ t: number | null }>(sql`select coalesce((select team_sales_fen from distributor_month_stats where tenant_id = ${seed.teaId} and user_id = ${u.id} and month = ${month}::date), 0) as t`)).t);
    for (const [i, c] of chain.entries()) {
      const expected = (i <= 5 ? 5000 : 0) + 15000;
      expect(await rollup(c.user)).toBe(expected);
      expect((await withTenant(db, seed.teaId, (tx) => recomputeTeamSales(tx, seed.teaId, c.user.id, month))).fen).toBe(expected);
      expect((await withTenant(db, seed.teaId, (tx) => teamSalesFromOrders(tx, seed.teaId, c.user.id, month))).fen).toBe(expected);
    }
    // The distributor's own figures through the storefront: whole team at every depth.
    const top = await as(chain[0]!.user).shop.distribution.team({ shop: "tea", depth: 11 });
    expect(top.byDepth.map((x) => x.depth)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(top.members).toHaveLength(1);
    expect(top.members[0]!.name).toMatch(/^.\*+$/);
  });
});

describe("levels (§4.8)", () => {
  test("criteria met → promoted automatically with the reason recorded; a person's change is audited", async () => {
    const { user, code } = await newDistributor(null);
    const levels = (await console_().distribution.programme()).levels.map((l) => (l.level === 2 ? { ...l, criteria: { personalSalesFen: 10000, directReferrals: 1, teamSalesFen: 10000 } } : l));
    const strict = levels.map((l) => (l.level > 2 ? { ...l, criteria: { personalSalesFen: 10 ** 9, directReferrals: 10 ** 6, teamSalesFen: 10 ** 9 } } : l));
    await console_().distribution.saveLevels({ levels: strict });
    const { skuId } = await newSku(12000, 2000);
    await buyThrough(await newShopper(), skuId, code);
    const row = await one<{ level: number }>(sql`select level from distributors where tenant_id = ${seed.teaId} and user_id = ${user.id}`);
    expect(row.level).toBe(2);
    const change = await one<{ from_level: number; to_level: number; reason: { kind: string; metrics: { personalSalesFen: number } } }>(
      sql`select from_level, to_level, reason from level_changes where user_id = ${user.id}`,
    );
    expect(change).toMatchObject({ from_level: 1, to_level: 2, reason: { kind: "promote", metrics: { personalSalesFen: 12000 } } });
    // The daily job finds nothing more to do.
    expect(await withTenant(db, seed.teaId, (tx) => evaluateLevels(tx, seed.teaId, [user.id], { monthEnd: false }))).toBe(0);

    await console_().distribution.setLevel({ userId: user.id, level: 4, note: "大客户" });
    expect(await n(sql`select count(*) as n from audit_log where action = 'distribution.level' and target = ${`distributor:${user.id}`}`)).toBe(1);
    const me = await as(user).shop.distribution.me({ shop: "tea" });
    expect(me.distributor).toMatchObject({ level: 4 });
    expect("progress" in me && me.progress?.level).toBe(5);
  });

  test("levels out of order are refused and nothing changes", async () => {
    const before = (await console_().distribution.programme()).levels;
    const bad = before.map((l) => (l.level === 3 ? { ...l, criteria: { ...l.criteria, teamSalesFen: 0 } } : l));
    const e = await rejection(console_().distribution.saveLevels({ levels: bad }));
    expect(keyOf(e)).toBe("levels.outOfOrder");
    expect((await console_().distribution.programme()).levels).toEqual(before);
  });
});

/** A new distributor under dist1 and a shopper with the same phone, with a product to buy (a shared_phone flag on every purchase). */
async function sharingPhone(phone: string) {
  const { user: ref, code } = await newDistributor("TEA0001");
  await db.execute(sql`update users set phone = ${phone} where id = ${ref.id}`);
  const { skuId } = await newSku(10000, 2000);
  return { ref, code, skuId, buyer: await newShopper(phone) };
}

describe("anti-fraud holds (§4.10) and exit (§4.11)", () => {
  test("a buyer sharing the referrer's phone: the referrer's commission is held; clearing releases it, confirming reverses it", async () => {
    const { ref, code, skuId, buyer } = await sharingPhone("13611112222");
    const o1 = await buyThrough(buyer, skuId, code);
    const c1 = await commissionsOf(o1);
    expect(c1.find((c) => c.beneficiary_id === ref.id)!.status).toBe("held");
    expect(c1.find((c) => c.beneficiary_id === d(0))!.status).toBe("pending");

    const flags = await console_().distribution.flags({ status: "open" });
    const f1 = flags.find((f) => f.orderId === o1 && f.kind === "shared_phone")!;
    expect(f1.heldFen).toBe(c1.find((c) => c.beneficiary_id === ref.id)!.amount_fen);
    await console_().distribution.decideFlag({ flagId: f1.id, decision: "clear" });
    expect((await commissionsOf(o1)).find((c) => c.beneficiary_id === ref.id)!.status).toBe("pending");
    expect((await rejection(console_().distribution.decideFlag({ flagId: f1.id, decision: "confirm" }))).code).toBe("CONFLICT");

    const o2 = await buyThrough(buyer, skuId, null);
    const f2 = (await console_().distribution.flags({ status: "open" })).find((f) => f.orderId === o2)!;
    await console_().distribution.decideFlag({ flagId: f2.id, decision: "confirm" });
    const c2 = (await commissionsOf(o2)).find((c) => c.beneficiary_id === ref.id)!;
    expect(c2).toMatchObject({ status: "reversed", reversed: c2.amount_fen });
  });

  test("exit: approved, the team moves up to the leaver's referrer, past commission stays, new orders skip the leaver", async () => {
    const { user: mid, code: midCode } = await newDistributor("TEA0002");
    const { user: low, code: lowCode } = await newDistributor(midCode);
    const { skuId } = await newSku(10000, 2000);
    const before = await buyThrough(await newShopper(), skuId, lowCode);
    const beforeRows = await commissionsOf(before);
    expect(beforeRows.map((c) => c.beneficiary_id)).toEqual([low.id, mid.id, d(1)]);

    await as(mid).shop.distribution.requestExit({ shop: "tea" });
    await console_().distribution.decide({ userId: mid.id, action: "approveExit" });
    expect(await one(sql`select referrer_id::text, path::text[] as path from referral_bindings where user_id = ${low.id}`)).toEqual({ referrer_id: d(1), path: [d(1), d(0)] });
    expect(await commissionsOf(before)).toEqual(beforeRows);
    const after = await buyThrough(await newShopper(), skuId, lowCode);
    expect((await commissionsOf(after)).map((c) => c.beneficiary_id)).toEqual([low.id, d(1), d(0)]);
    expect((await rejection(console_().distribution.decide({ userId: mid.id, action: "approveExit" }))).code).toBe("CONFLICT");
  });
});

test("a distributor who asked to leave keeps earning until the exit is approved (§4.11)", async () => {
  const { user: mid, code: midCode } = await newDistributor("TEA0002");
  const { code: lowCode } = await newDistributor(midCode);
  const { skuId } = await newSku(10000, 2000);
  await as(mid).shop.distribution.requestExit({ shop: "tea" });
  const during = await buyThrough(await newShopper(), skuId, lowCode);
  expect((await commissionsOf(during)).map((c) => c.beneficiary_id)).toContain(mid.id);
  await console_().distribution.decide({ userId: mid.id, action: "approveExit" });
  const after = await buyThrough(await newShopper(), skuId, lowCode);
  expect((await commissionsOf(after)).map((c) => c.beneficiary_id)).not.toContain(mid.id);
});

describe("team management bonus (§4.6)", () => {
  test("a suspended qualifier earns no bonus and does not block the qualifier above (rolled back)", async () => {
    const last = (await one<{ m: string }>(sql`select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai') - interval '1 month', 'YYYY-MM-DD') as m`)).m;
    class Undo extends Error {}
    let earned: string[] = [];
    await withTenant(db, seed.teaId, async (tx) => {
      await tx.execute(sql`delete from team_bonuses where tenant_id = ${seed.teaId} and month = ${last}::date`);
      await tx.execute(sql`update distributors set status = 'suspended' where tenant_id = ${seed.teaId} and user_id = ${d(2)}`);
      await computeTeamBonuses(tx, seed.teaId, last);
      earned = rowsOf<{ user_id: string }>(await tx.execute(sql`select user_id::text from team_bonuses where tenant_id = ${seed.teaId} and month = ${last}::date`)).map((r) => r.user_id);
      throw new Undo();
    }).catch((e) => {
      if (!(e instanceof Undo)) throw e;
    });
    expect(earned).toEqual([d(0)]);
  });

  test("a month that does not exist (2024-13, 2024-00) is a field error in the user's language, never a 500", async () => {
    for (const month of ["2024-13", "2024-00", "0000-01", "2024-1"]) {
      const e = await rejection(console_().distribution.runBonus({ month }));
      expect(e.code).toBe("BAD_REQUEST");
      expect((await rejection(console_().distribution.bonuses({ month }))).code).toBe("BAD_REQUEST");
      for (const locale of ["zh-CN", "en"] as const) {
        const http = await httpError({ ...ctxOf(owner, seed.teaId), locale }, "distribution.runBonus", { month });
        expect(http.status).toBe(400);
        expect(http.fieldErrors).toEqual({ month: translateError(locale, "distribution.month") });
      }
    }
  });
  test("an open month is refused; a closed month is computed once, by differential", async () => {
    const month = (await one<{ m: string }>(sql`select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai'), 'YYYY-MM') as m`)).m;
    expect(keyOf(await rejection(console_().distribution.runBonus({ month })))).toBe("distribution.monthOpen");
    // The seed's last-month order (through dist3, under dist1) qualified both; only the nearest holder earns (级差).
    const last = (await one<{ m: string }>(sql`select to_char(date_trunc('month', now() at time zone 'Asia/Shanghai') - interval '1 month', 'YYYY-MM') as m`)).m;
    const bonuses = await console_().distribution.bonuses({ month: last });
    expect(bonuses.map((b) => b.userId)).toEqual([d(2)]);
    expect(bonuses[0]!.reason).toMatchObject({ rateBps: 500 });
    expect(await console_().distribution.runBonus({ month: last })).toEqual({ created: 0 });
    expect(await withTenant(db, seed.teaId, (tx) => computeTeamBonuses(tx, seed.teaId, `${last}-01`))).toBe(0);
  });
});

describe("bad input changes nothing, with messages in both languages", () => {
  test("a rate above 100%, a fourth level, a plan breaking the margin guard, another tenant's product", async () => {
    const before = await getProgrammeOf();
    const e1 = await httpError(ctxOf(owner, seed.teaId), "distribution.saveProgramme", { ...before, rates: [[10001, 0, 0, 0, 0], before.rates[1], before.rates[2]] });
    expect(e1.code).toBe("BAD_REQUEST");
    expect(e1.message).toBe(translateError("zh-CN", "commission.rateRange"));
    const e2 = await httpError(ctxOf(owner, seed.teaId), "distribution.saveProgramme", { ...before, levels: 4 });
    expect(e2.message).toBe(translateError("zh-CN", "commission.levelsChoice"));
    expect(translateError("en", "commission.levelsChoice")).toContain("never more than 3");
    await expect(
      withTenant(db, seed.teaId, (tx) => tx.execute(sql`update distribution_settings set programme = jsonb_set(programme, '{levels}', '4') where tenant_id = ${seed.teaId}`)),
    ).rejects.toThrow();
    await expect(
      withTenant(db, seed.teaId, (tx) =>
        tx.execute(sql`insert into commissions (tenant_id, order_id, line_id, beneficiary_id, kind, amount_fen, reason, month)
                       select tenant_id, order_id, id, ${d(0)}, 'level4', 1, '{}'::jsonb, now()::date from order_lines where tenant_id = ${seed.teaId} limit 1`),
      ),
    ).rejects.toThrow();

    const greedy: Programme = { ...before, levels: 3, rates: [[9000, 9000, 9000, 9000, 9000], before.rates[1]!, before.rates[2]!] };
    const e3 = await rejection(console_().distribution.saveProgramme(greedy));
    expect(keyOf(e3)).toBe("commission.marginGuard");
    expect(translateError("en", "commission.marginGuard", (e3.cause as unknown as { params: Record<string, string> }).params)).toMatch(/could pay ¥[\d,.]+ in commission/);

    const beautyProduct = await one<{ id: string }>(sql`select id::text from products where tenant_id = ${seed.beautyId} limit 1`);
    const e4 = await rejection(console_().distribution.saveOverride({ scope: "product", targetId: beautyProduct.id, rates: [{ kind: "percent", bps: 100 }] }));
    expect(keyOf(e4)).toBe("commission.overrideTarget");
    expect(await getProgrammeOf()).toEqual(before);
    expect(await n(sql`select count(*) as n from commission_overrides where product_id = ${beautyProduct.id}`)).toBe(0);
  });

  test("the distributor list gives whole phones only to staff who manage distributors; the API masks them for a viewer", async () => {
    const viewer = await loadUser(db, (await one<{ id: string }>(sql`select id::text from users where email = 'viewer@demo.local'`)).id);
    const phoneOf = async (u: User) => (await as(u, seed.teaId).distribution.distributors({ q: "TEA0005" })).rows[0]!.phone;
    expect(await phoneOf(owner)).toBe("13800001005");
    expect(await phoneOf(viewer)).toBe("138****1005");
    expect(JSON.stringify(await as(viewer, seed.teaId).distribution.team({}))).not.toMatch(/1380000100\d/);
  });

  test("the plan page's guard report names a product whose margin the plan could now overspend (its cost rose after the plan was saved)", async () => {
    const { productId } = await newSku(10000, 2000);
    expect((await console_().distribution.guard()).map((v) => v.productId)).not.toContain(productId);
    await db.execute(sql`update product_skus set cost_fen = 9500 where product_id = ${productId}`);
    const v = (await console_().distribution.guard()).find((x) => x.productId === productId)!;
    expect(v.name).toMatch(/^分销测试茶/);
    expect(v.capFen).toBe(350); // 70% of the ¥5.00 margin
    expect(v.worstFen).toBeGreaterThan(v.capFen);
  });

  test("removing an override that keeps a product inside the margin guard is refused, naming the product, and changes nothing", async () => {
    const { productId } = await newSku(10000, 9000); // ¥10 margin on ¥100: the rate table could pay more than ¥7
    expect((await rejection(console_().distribution.saveOverride({ scope: "product", targetId: productId, rates: [{ kind: "percent", bps: 9000 }] }))).code).toBe("BAD_REQUEST");
    const low = [{ kind: "percent" as const, bps: 100 }, { kind: "percent" as const, bps: 100 }, { kind: "percent" as const, bps: 100 }];
    await console_().distribution.saveOverride({ scope: "product", targetId: productId, rates: low });
    const ov = await one<{ id: string }>(sql`select id::text from commission_overrides where product_id = ${productId}`);
    const e = await rejection(console_().distribution.deleteOverride({ id: ov.id }));
    expect(keyOf(e)).toBe("commission.marginGuard");
    expect(translateError("zh-CN", "commission.marginGuard", (e.cause as unknown as { params: Record<string, string> }).params)).toContain("分销测试茶");
    expect(await n(sql`select count(*) as n from commission_overrides where product_id = ${productId}`)).toBe(1);
    // A category's override is checked against every product in it.
    const cat = await one<{ id: string }>(sql`select category_id::text as id from products where tenant_id = ${seed.teaId} and category_id is not null limit 1`);
    const greedy = [{ kind: "percent" as const, bps: 9000 }, { kind: "percent" as const, bps: 9000 }, { kind: "percent" as const, bps: 9000 }];
    expect(keyOf(await rejection(console_().distribution.saveOverride({ scope: "category", targetId: cat.id, rates: greedy })))).toBe("commission.marginGuard");
    // A product with room to spare loses its override without fuss.
    const { productId: roomy } = await newSku(10000, 1000);
    await console_().distribution.saveOverride({ scope: "product", targetId: roomy, rates: low });
    const ov2 = await one<{ id: string }>(sql`select id::text from commission_overrides where product_id = ${roomy}`);
    await console_().distribution.deleteOverride({ id: ov2.id });
    expect(await n(sql`select count(*) as n from commission_overrides where product_id = ${roomy}`)).toBe(0);
  });

  test("a viewer reads the programme but cannot change it", async () => {
    const viewer = await loadUser(db, (await one<{ id: string }>(sql`select id::text from users where email = 'viewer@demo.local'`)).id);
    expect((await as(viewer, seed.teaId).distribution.programme()).programme.levels).toBeGreaterThan(0);
    expect((await rejection(as(viewer, seed.teaId).distribution.saveProgramme(DEFAULT_PROGRAMME))).code).toBe("FORBIDDEN");
  });
});

describe("levels follow direct referrals too", () => {
  test("a new binding through a link re-evaluates the referrer (a level that asks only for referrals)", async () => {
    const { user, code } = await newDistributor(null);
    const levels = (await console_().distribution.programme()).levels;
    const onlyReferrals = levels.map((l) =>
      l.level === 1 ? l : { ...l, criteria: { personalSalesFen: 0, directReferrals: l.level === 2 ? 2 : 10 ** 6, teamSalesFen: 0 } },
    );
    await console_().distribution.saveLevels({ levels: onlyReferrals });
    try {
      await as(await newShopper()).shop.distribution.bind({ shop: "tea", code });
      expect((await one<{ level: number }>(sql`select level from distributors where user_id = ${user.id} and tenant_id = ${seed.teaId}`)).level).toBe(1);
      await as(await newShopper()).shop.distribution.bind({ shop: "tea", code });
      expect((await one<{ level: number }>(sql`select level from distributors where user_id = ${user.id} and tenant_id = ${seed.teaId}`)).level).toBe(2);
      expect(await one(sql`select reason->'metrics'->>'directReferrals' as d from level_changes where user_id = ${user.id}`)).toEqual({ d: "2" });
    } finally {
      await console_().distribution.saveLevels({ levels });
    }
  });
});

describe("repeated violations (§4.10)", () => {
  test("the third confirmed flag suspends the distributor, who then earns nothing on new orders", async () => {
    const { ref, code, skuId, buyer } = await sharingPhone("13622223333");
    const results = [];
    for (let i = 0; i < 3; i++) {
      const o = await buyThrough(buyer, skuId, code);
      const f = (await console_().distribution.flags({ status: "open" })).find((x) => x.orderId === o)!;
      results.push(await console_().distribution.decideFlag({ flagId: f.id, decision: "confirm" }));
    }
    expect(results.map((r) => r.suspended)).toEqual([false, false, true]);
    expect(await one(sql`select status from distributors where tenant_id = ${seed.teaId} and user_id = ${ref.id}`)).toEqual({ status: "suspended" });
    const next = await buyThrough(buyer, skuId, null);
    expect((await commissionsOf(next)).map((c) => c.beneficiary_id)).toEqual([d(0)]);
  });
});
