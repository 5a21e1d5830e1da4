import { sql } from "drizzle-orm";
import { commissionsForLine, type Ancestor, type Commission } from "../../../commission/src/engine";
import type { Plan } from "../../../commission/src/plan";
import { fullyRefunded } from "../../../commission/src/reversal";
import { evaluateLevel, type LevelConfig } from "../../../levels/src";
import { rowsOf, type Db, type Tx } from "../client";
import { withContext, withTenant } from "../context";
import { runOnce } from "./job-runs";
import { getProgramme, loadPlan, type ProgrammeState } from "../queries/distribution-settings";
import { computeTeamBonuses, currentMonth, monthOf } from "../queries/distributors";
import { methodKind, paidBySameMethod } from "../queries/fraud";
import { clawbackFen, commissionAccrued, commissionSettled, keepOnReturnSchema, type KeepOnReturn } from "../../../ledger/src";
import { accrualKey, clawbackPostings, postTransfers, type Claw, type Posting } from "../queries/ledger";

/**
 * The distribution engine's consumer of the commerce outbox (PRODUCT.md §4):
 * order.paid → one commission per (line, beneficiary, level) from the upline
 * captured at order time, plus the month's sales rollups and anti-fraud
 * flags; order.refunded → the commission of the refunded amount reversed and
 * the rollups reduced. A batch of events is one transaction: its rows are
 * locked (SKIP LOCKED, so several workers share the queue) and marked
 * processed with everything they produced, so each event counts exactly once.
 */

type OutboxRow = { seq: number; topic: "order.paid" | "order.refunded" | "order.completed"; order_id: string; payload: Record<string, unknown> };
type PaidLine = { lineId: string; productId: string; quantity: number; unitCostFen: number; lineTotalFen: number };
type Upline = { order_id: string; buyer_id: string; buyer_level: number | null; upline: Ancestor[]; chain: string[]; month: string; paid_at: string };

/** Orders in an hour through one distributor above which their new orders are flagged (§4.10 bursts). */
export const BURST_ORDERS_PER_HOUR = 20;
/** A full refund this soon after payment flags the distributor who referred the order. */
export const QUICK_REFUND_HOURS = 48;

export type DrainResult = { events: number; commissions: number; reversals: number; flags: number; levelChanges: number };

const zero = (): DrainResult => ({ events: 0, commissions: 0, reversals: 0, flags: 0, levelChanges: 0 });

/** Failed tries after which an event is parked (kept, shown to the operator, skipped until retried). */
export const MAX_OUTBOX_ATTEMPTS = 5;

/**
 * Events per consumer transaction. Two concurrent consumers share the top ancestors' rollups and the busiest
 * distributors' accounts, each locked until its batch commits: 250 answered 20,000 events faster than 500 or 100
 * on 2 cores (the commission-throughput bench's dataset: 1.85 s, 2.50 s, 2.04 s for 2,000 events).
 */
export const OUTBOX_BATCH = 250;

/**
 * Processes up to `limit` due outbox events of one tenant in the caller's
 * transaction: together in one savepoint; if that fails, one by one, so a
 * failing event is retried later with backoff (and parked after
 * MAX_OUTBOX_ATTEMPTS, its error kept) while the others are applied. An
 * order's events keep their order: behind a failing or parked event its
 * order's later events wait.
 */
export async function processOutboxBatch(tx: Tx, tenantId: string, limit = OUTBOX_BATCH): Promise<DrainResult> {
  const events = rowsOf<OutboxRow>(
    await tx.execute(sql`
      select o.seq, o.topic, o.order_id, o.payload from outbox o
       where o.tenant_id = ${tenantId} and o.processed_at is null and o.parked_at is null and (o.retry_at is null or o.retry_at <= now())
         and not exists (select 1 from outbox p where p.tenant_id = o.tenant_id and p.order_id = o.order_id and p.seq < o.seq
                            and p.processed_at is null and (p.parked_at is not null or p.retry_at > now()))
       order by o.seq limit ${limit} for update of o skip locked`),
  );
  if (!events.length) return zero();
  try {
    return await tx.transaction((sp) => applyEvents(sp, tenantId, events));
  } catch (batchError) {
    if (events.length === 1) {
      await recordFailure(tx, tenantId, events[0]!.seq, batchError);
      return { ...zero(), events: 1 };
    }
  }
  const out = zero();
  const blocked = new Set<string>();
  for (const e of events) {
    if (blocked.has(e.order_id)) continue;
    try {
      const r = await tx.transaction((sp) => applyEvents(sp, tenantId, [e]));
      for (const k of Object.keys(out) as (keyof DrainResult)[]) out[k] += r[k];
    } catch (err) {
      blocked.add(e.order_id);
      await recordFailure(tx, tenantId, e.seq, err);
    }
  }
  out.events = events.length;
  return out;
}

async function recordFailure(tx: Tx, tenantId: string, seq: number, err: unknown) {
  const message = (err instanceof Error ? `${err.message}${(err as { cause?: { message?: string } }).cause?.message ? `: ${(err as { cause: { message: string } }).cause.message}` : ""}` : String(err)).slice(0, 2000);
  const [r] = rowsOf<{ attempts: number; parked: boolean }>(
    await tx.execute(sql`
      update outbox set attempts = attempts + 1, last_error = ${message},
             -- Backoff: 1, 2, 4, 8 … minutes after each failure, at most an hour.
             retry_at = now() + make_interval(secs => least(3600, 60 * power(2, least(attempts, 6))::int)),
             parked_at = case when attempts + 1 >= ${MAX_OUTBOX_ATTEMPTS} then now() end
       where tenant_id = ${tenantId} and seq = ${seq}
       returning attempts, parked_at is not null as parked`),
  );
  console.error(`[outbox] event ${tenantId}/${seq} failed (attempt ${r?.attempts}${r?.parked ? ", parked" : ""}): ${message}`);
}

/** Applies `events` (locked by the caller) and marks them processed, in the caller's transaction. */
async function applyEvents(tx: Tx, tenantId: string, events: OutboxRow[]): Promise<DrainResult> {
  const out = zero();
  out.events = events.length;
  /** The batch's ledger postings (accruals, clawbacks), written together at the end. */
  const ledger: Posting[] = [];
  const orderIds = [...new Set(events.filter((e) => e.topic !== "order.completed").map((e) => e.order_id))];
  const uplines = new Map(
    (orderIds.length
      ? rowsOf<Upline>(
          await tx.execute(sql`
            select u.order_id, u.buyer_id, u.buyer_level, u.upline, u.chain, u.paid_at,
                   to_char(${monthOf(sql`u.paid_at`, sql`t.time_zone`)}, 'YYYY-MM-DD') as month
              from unnest(${sqlUuids(orderIds)}) as batch(order_id)
              -- One primary-key probe per order of the batch (a lateral with OFFSET 0 is not flattened): with the
              -- shop's statistics older than its orders, the planner read all of its orders instead (ms a batch).
              cross join lateral (select u.*, o.paid_at from order_uplines u join orders o on o.tenant_id = u.tenant_id and o.id = u.order_id
                                   where u.tenant_id = ${tenantId} and u.order_id = batch.order_id and o.id = batch.order_id offset 0) u
              join tenants t on t.id = ${tenantId}`),
        )
      : []
    ).map((u) => [u.order_id, u]),
  );

  const stats = new Map<string, { user: string; month: string; personal: number; team: number; personalOrders: number; teamOrders: number }>();
  const bump = (user: string, month: string, d: { personal?: number; team?: number; personalOrders?: number; teamOrders?: number }) => {
    const k = `${user}|${month}`;
    const s = stats.get(k) ?? { user, month, personal: 0, team: 0, personalOrders: 0, teamOrders: 0 };
    s.personal += d.personal ?? 0;
    s.team += d.team ?? 0;
    s.personalOrders += d.personalOrders ?? 0;
    s.teamOrders += d.teamOrders ?? 0;
    stats.set(k, s);
  };

  const paid = events.filter((e) => e.topic === "order.paid" && uplines.has(e.order_id));
  let state: ProgrammeState | undefined;
  if (paid.length) {
    const loaded = await loadPlan(tx, tenantId);
    state = loaded.state;
    const { plan } = loaded;
    const held = await fraudChecks(tx, tenantId, paid.map((e) => uplines.get(e.order_id)!));
    out.flags += held.flags;
    const rows = await commissionRows(tx, tenantId, plan, paid, uplines, held.orders);
    if (rows.length) {
      const inserted = rowsOf<{ id: string; line_id: string; beneficiary_id: string; amount_fen: number }>(
        await tx.execute(sql`
          insert into commissions (tenant_id, order_id, line_id, beneficiary_id, kind, amount_fen, status, reason, month)
          select ${tenantId}, x.order_id, x.line_id, x.beneficiary_id, x.kind, x.amount_fen, x.status, x.reason, x.month::date
            from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
                 as x(order_id uuid, line_id uuid, beneficiary_id uuid, kind text, amount_fen int, status text, reason jsonb, month text)
          on conflict (tenant_id, line_id, beneficiary_id, kind) do nothing
          returning id::text, line_id::text, beneficiary_id::text, amount_fen`),
      );
      out.commissions = inserted.length;
      // Owed to the distributor from now, pending (a held one too: it stays pending until a person clears it); posted below.
      ledger.push(...inserted.map((c) => ({ key: accrualKey(c.id), transfer: commissionAccrued(c.beneficiary_id, c.amount_fen), refs: { commissionId: c.id, orderLineId: c.line_id } })));
    }
    for (const e of paid) {
      const u = uplines.get(e.order_id)!;
      const sales = (e.payload.lines as PaidLine[]).reduce((s, l) => s + l.lineTotalFen, 0);
      u.chain.forEach((user, i) => bump(user, u.month, { team: sales, teamOrders: 1, ...(i === 0 ? { personal: sales, personalOrders: 1 } : {}) }));
    }
  }

  const refunded = events.filter((e) => e.topic === "order.refunded" && uplines.has(e.order_id));
  if (refunded.length) {
    const reversed = await reverseForRefunds(tx, tenantId, refunded);
    out.reversals += reversed.count;
    ledger.push(...reversed.postings);
    for (const e of refunded) {
      const u = uplines.get(e.order_id)!;
      const amount = ((e.payload.lines as { amountFen: number }[]) ?? []).reduce((s, l) => s + l.amountFen, 0);
      const full = e.payload.full === true;
      u.chain.forEach((user, i) =>
        bump(user, u.month, { team: -amount, teamOrders: full ? -1 : 0, ...(i === 0 ? { personal: -amount, personalOrders: full ? -1 : 0 } : {}) }),
      );
    }
    out.flags += await quickRefundFlags(tx, tenantId, refunded.filter((e) => e.payload.full === true).map((e) => uplines.get(e.order_id)!));
  }

  // The ledger after every commission lock of the batch (accounts are locked after commissions, in one order: settlement
  // and other batches cannot deadlock with this one), in one post.
  await postTransfers(tx, tenantId, ledger);
  await tx.execute(sql`update outbox set processed_at = now() where tenant_id = ${tenantId} and seq = any(${sql.raw(`'{${events.map((e) => e.seq).join(",")}}'`)}::bigint[])`);
  // The month rollups last: every chain shares its top ancestors with other batches' chains, so their rows are the
  // ones concurrent consumers wait for; taken just before the commit, they are held for two statements, not for the
  // whole ledger post (2 workers waited ~0.5 s a batch on each other with the rollups before the ledger).
  if (stats.size) {
    // In key order, so concurrent consumers touching the same ancestors lock their rows in one order (no deadlock).
    const list = [...stats.values()].sort((a, b) => (a.user < b.user ? -1 : a.user > b.user ? 1 : a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
    await tx.execute(sql`
      insert into distributor_month_stats (tenant_id, user_id, month, personal_sales_fen, team_sales_fen, personal_orders, team_orders)
      select ${tenantId}, x.user_id, x.month::date, x.personal, x.team, x.personal_orders, x.team_orders
        from jsonb_to_recordset(${JSON.stringify(list.map((s) => ({ user_id: s.user, month: s.month, personal: s.personal, team: s.team, personal_orders: s.personalOrders, team_orders: s.teamOrders })))}::jsonb)
             as x(user_id uuid, month text, personal bigint, team bigint, personal_orders int, team_orders int)
      on conflict (tenant_id, user_id, month) do update set
        personal_sales_fen = distributor_month_stats.personal_sales_fen + excluded.personal_sales_fen,
        team_sales_fen = distributor_month_stats.team_sales_fen + excluded.team_sales_fen,
        personal_orders = distributor_month_stats.personal_orders + excluded.personal_orders,
        team_orders = distributor_month_stats.team_orders + excluded.team_orders`);
    out.levelChanges += await evaluateLevels(tx, tenantId, [...new Set(list.map((s) => s.user))], { monthEnd: false, state });
  }

  return out;
}

const sqlUuids = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

async function commissionRows(tx: Tx, tenantId: string, plan: Plan, paid: OutboxRow[], uplines: Map<string, Upline>, heldOrders: Map<string, Set<string>>) {
  const productIds = [...new Set(paid.flatMap((e) => (e.payload.lines as PaidLine[]).map((l) => l.productId)))];
  const cats = new Map(
    rowsOf<{ id: string; category_id: string | null }>(
      await tx.execute(sql`select id, category_id from products where tenant_id = ${tenantId} and id = any(${sqlUuids(productIds)})`),
    ).map((r) => [r.id, r.category_id]),
  );
  const rows: { order_id: string; line_id: string; beneficiary_id: string; kind: string; amount_fen: number; status: string; reason: Commission["reason"]; month: string }[] = [];
  for (const e of paid) {
    const u = uplines.get(e.order_id)!;
    const held = heldOrders.get(e.order_id);
    for (const l of e.payload.lines as PaidLine[]) {
      const r = commissionsForLine(
        plan,
        { lineId: l.lineId, productId: l.productId, categoryId: cats.get(l.productId) ?? null, quantity: l.quantity, paidFen: l.lineTotalFen, unitCostFen: l.unitCostFen },
        { userId: u.buyer_id, distributorLevel: u.buyer_level },
        u.upline,
      );
      for (const c of r.commissions) {
        rows.push({
          order_id: e.order_id,
          line_id: c.lineId,
          beneficiary_id: c.beneficiaryId,
          kind: `level${c.commissionLevel}`,
          amount_fen: c.amountFen,
          status: held?.has(c.beneficiaryId) ? "held" : "pending",
          reason: c.reason,
          month: u.month,
        });
      }
    }
  }
  return rows;
}

/**
 * Reverses, for each refund, each commission's share of what was refunded of
 * its line (reversalFen: cumulative, rounded down, never negative). Refunds
 * of one line in one batch count in outbox order; a cause already recorded
 * (a replay) reverses nothing again.
 */
async function reverseForRefunds(tx: Tx, tenantId: string, refunded: OutboxRow[]): Promise<{ count: number; postings: Posting[] }> {
  const parts = refunded.flatMap((e) =>
    ((e.payload.lines as { lineId: string; amountFen: number }[]) ?? []).map((l) => ({ cause: `refund:${e.payload.refundId as string}`, line_id: l.lineId, base: l.amountFen })),
  );
  if (!parts.length) return { count: 0, postings: [] };
  const found = rowsOf<{
    id: string;
    line_id: string;
    beneficiary_id: string;
    amount_fen: number;
    line_total_fen: number;
    unit_price_fen: number;
    settled: boolean;
    before_base: number | string;
    before_share: number | string;
    before_amount: number | string;
    causes: string[];
  }>(
    await tx.execute(sql`
      select c.id, c.line_id, c.beneficiary_id::text, c.amount_fen, l.line_total_fen, l.unit_price_fen, (c.settled_at is not null) as settled,
             coalesce(sum(r.base_fen), 0) as before_base, coalesce(sum(coalesce(r.share_fen, r.amount_fen)), 0) as before_share,
             coalesce(sum(r.amount_fen), 0) as before_amount,
             coalesce(array_agg(r.cause) filter (where r.cause is not null), '{}') as causes
        from commissions c
        join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
        left join commission_reversals r on r.tenant_id = c.tenant_id and r.commission_id = c.id
       where c.tenant_id = ${tenantId} and c.line_id = any(${sqlUuids([...new Set(parts.map((p) => p.line_id))])})
       group by c.id, c.line_id, c.beneficiary_id, c.amount_fen, l.line_total_fen, l.unit_price_fen, c.settled_at`),
  );
  // What the merchant lets distributors keep on returns (off unless set in 财务).
  const [settings] = rowsOf<{ keep: unknown }>(await tx.execute(sql`select keep_on_return as keep from distribution_settings where tenant_id = ${tenantId}`));
  const keepParsed = keepOnReturnSchema.safeParse(settings?.keep ?? { kind: "off" });
  const keep: KeepOnReturn = keepParsed.success ? keepParsed.data : { kind: "off" };
  const byLine = new Map<string, typeof found>();
  for (const c of found) byLine.set(c.line_id, [...(byLine.get(c.line_id) ?? []), c]);
  const state = new Map(found.map((c) => [c.id, { base: Number(c.before_base), share: Number(c.before_share), amount: Number(c.before_amount), causes: new Set(c.causes) }]));
  const rows: { commission_id: string; cause: string; base: number; amount: number; share: number | null; full: boolean }[] = [];
  // A fully refunded line's commission keeps what the merchant lets it keep: made available at once (its order will never complete).
  const keptToSettle: { id: string; userId: string; lineId: string; cause: string; fen: number }[] = [];
  for (const p of parts) {
    for (const c of byLine.get(p.line_id) ?? []) {
      const st = state.get(c.id)!;
      if (st.causes.has(p.cause)) continue;
      const x = { amountFen: c.amount_fen, lineTotalFen: c.line_total_fen, refundedBeforeFen: st.base, reversedFen: st.share, refundFen: p.base };
      const units = c.unit_price_fen > 0 ? Math.floor(p.base / c.unit_price_fen) : 0;
      const { reverseFen, keptFen } = clawbackFen({ ...x, refundedUnits: units }, keep);
      const full = fullyRefunded(x);
      rows.push({ commission_id: c.id, cause: p.cause, base: p.base, amount: reverseFen, share: keptFen > 0 ? reverseFen + keptFen : null, full });
      st.base += p.base;
      st.share += reverseFen + keptFen;
      st.amount += reverseFen;
      st.causes.add(p.cause);
      const left = c.amount_fen - st.amount;
      if (full && !c.settled && left > 0) keptToSettle.push({ id: c.id, userId: c.beneficiary_id, lineId: c.line_id, cause: p.cause, fen: left });
    }
  }
  if (!rows.length) return { count: 0, postings: [] };
  const [r] = rowsOf<{ n: number; claws: Claw[] }>(
    await tx.execute(sql`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(commission_id uuid, cause text, base int, amount int, share int, "full" boolean)
      ), ins as (
        insert into commission_reversals (tenant_id, commission_id, cause, base_fen, amount_fen, share_fen)
        select ${tenantId}, commission_id, cause, base, amount, share from x
        on conflict (tenant_id, commission_id, cause) do nothing
        returning commission_id, cause, amount_fen
      ), upd as (
        update commissions k set status = 'reversed', updated_at = now()
          from x join ins on ins.commission_id = x.commission_id and ins.cause = x.cause
         where k.tenant_id = ${tenantId} and k.id = x.commission_id and x."full"
        returning 1
      )
      select count(*)::int as n,
             coalesce(jsonb_agg(jsonb_build_object('commissionId', ins.commission_id, 'cause', ins.cause, 'amountFen', ins.amount_fen, 'userId', k.beneficiary_id, 'lineId', k.line_id))
                      filter (where ins.amount_fen > 0), '[]') as claws
        from ins join commissions k on k.tenant_id = ${tenantId} and k.id = ins.commission_id`),
  );
  const kept: Posting[] = keptToSettle.map((k) => ({
    key: `keep:${k.id}:${k.cause}`,
    transfer: commissionSettled(k.userId, k.fen),
    refs: { commissionId: k.id, orderLineId: k.lineId, memo: { keptOnReturn: true, cause: k.cause } },
  }));
  // The clawbacks first: they take from pending while the commission is unsettled (clawbackPostings reads it).
  const claws = await clawbackPostings(tx, tenantId, r?.claws ?? []);
  if (keptToSettle.length) {
    // Then marked settled: the kept fee is made available by the transfer posted with the clawbacks.
    await tx.execute(sql`update commissions set settled_at = now(), updated_at = now()
                          where tenant_id = ${tenantId} and id = any(${sqlUuids(keptToSettle.map((k) => k.id))}) and settled_at is null`);
  }
  return { count: r?.n ?? 0, postings: [...claws, ...kept] };
}



/**
 * Anti-fraud at payment (PRODUCT.md §4.10): the direct beneficiary shares a
 * phone, an address or a payment method with the buyer, or has had a burst of
 * orders in the last hour. The flag is recorded once; the commission of that beneficiary
 * on that order is held until a person reviews it.
 */
async function fraudChecks(tx: Tx, tenantId: string, ups: Upline[]): Promise<{ orders: Map<string, Set<string>>; flags: number }> {
  const candidates = ups.filter((u) => u.upline.length > 0 && u.upline[0]!.userId !== u.buyer_id);
  const orders = new Map<string, Set<string>>();
  if (!candidates.length) return { orders, flags: 0 };
  const pairs = candidates.map((u) => ({ order_id: u.order_id, buyer_id: u.buyer_id, ben: u.upline[0]!.userId }));
  const found = rowsOf<{ order_id: string; ben: string; kind: string; detail: Record<string, string | number> }>(
    await tx.execute(sql`
      with p as (select * from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(order_id uuid, buyer_id uuid, ben uuid)),
      facts as (
        select p.order_id, p.ben, o.address, bu.phone as buyer_phone, bn.phone as ben_phone
          from p
          -- By primary key, one order at a time (not flattened; see the batch's upline read).
          cross join lateral (select o.address from orders o where o.tenant_id = ${tenantId} and o.id = p.order_id offset 0) o
          left join users bu on bu.id = p.buyer_id
          left join users bn on bn.id = p.ben
      )
      select order_id, ben, 'shared_phone' as kind, jsonb_build_object('phone', ben_phone) as detail
        from facts where ben_phone is not null and (ben_phone = buyer_phone or ben_phone = address->>'phone')
      union all
      select f.order_id, f.ben, 'shared_address', jsonb_build_object('city', f.address->>'city', 'detail', f.address->>'detail')
        from facts f
       where exists (select 1 from addresses a where a.tenant_id = ${tenantId} and a.user_id = f.ben
                        and a.city = f.address->>'city' and a.detail = f.address->>'detail')
      union all
      select f.order_id, f.ben, 'shared_payment', jsonb_build_object('method', ${methodKind(sql`pay.method_fingerprint`)})
        from facts f
        -- The order's own payment, found by its order (not flattened, and the method tested outside: given
        -- "method is not null" the planner read every payment made with a method instead).
        cross join lateral (select q.method_fingerprint from payments q
                             where q.tenant_id = ${tenantId} and q.order_id = f.order_id and q.status = 'succeeded' offset 0) pay
       where pay.method_fingerprint is not null and ${paidBySameMethod(tenantId, sql`f.ben`, sql`pay.method_fingerprint`, sql`f.order_id`)}
      union all
      select f.order_id, f.ben, 'burst', jsonb_build_object('orders', n.c)
        from facts f
        -- Counting stops past the threshold: a busy distributor's hour is not read whole for every order.
        cross join lateral (select count(*)::int as c from (select 1 from order_uplines u
                             where u.tenant_id = ${tenantId} and u.referrer_id = f.ben
                               and u.created_at > now() - interval '1 hour' limit ${BURST_ORDERS_PER_HOUR + 1}) x) n
       where n.c > ${BURST_ORDERS_PER_HOUR}`),
  );
  if (!found.length) return { orders, flags: 0 };
  for (const f of found) orders.set(f.order_id, (orders.get(f.order_id) ?? new Set()).add(f.ben));
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with ins as (
        insert into distribution_flags (tenant_id, user_id, kind, order_id, detail)
        select ${tenantId}, x.ben, x.kind, x.order_id, x.detail
          from jsonb_to_recordset(${JSON.stringify(found)}::jsonb) as x(order_id uuid, ben uuid, kind text, detail jsonb)
        on conflict do nothing returning 1)
      select count(*)::int as n from ins`),
  );
  return { orders, flags: r?.n ?? 0 };
}

async function quickRefundFlags(tx: Tx, tenantId: string, ups: Upline[]): Promise<number> {
  const quick = ups.filter((u) => u.upline.length > 0 && u.upline[0]!.userId !== u.buyer_id && Date.now() - new Date(u.paid_at).getTime() < QUICK_REFUND_HOURS * 3_600_000);
  if (!quick.length) return 0;
  const rows = quick.map((u) => ({ order_id: u.order_id, ben: u.upline[0]!.userId, hours: Math.round((Date.now() - new Date(u.paid_at).getTime()) / 3_600_000) }));
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with ins as (
        insert into distribution_flags (tenant_id, user_id, kind, order_id, detail)
        select ${tenantId}, x.ben, 'quick_refund', x.order_id, jsonb_build_object('hours', x.hours)
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(order_id uuid, ben uuid, hours int)
        on conflict do nothing returning 1)
      select count(*)::int as n from ins`),
  );
  return r?.n ?? 0;
}

/**
 * Re-evaluates the level of the given distributors from this month's
 * rollups and their direct referrals; each change is recorded with its
 * reason. Promotion at any time; demotion only when `monthEnd` and the
 * tenant allows it.
 */
export async function evaluateLevels(
  tx: Tx,
  tenantId: string,
  userIds: string[] | "all",
  opts: { monthEnd: boolean; month?: string; state?: ProgrammeState },
): Promise<number> {
  const state = opts.state ?? (await getProgramme(tx, tenantId));
  const levels: LevelConfig[] = state.levels;
  const month = opts.month ? sql`${opts.month}::date` : currentMonth(tenantId);
  const rows = rowsOf<{ user_id: string; level: number; personal: number; team: number; direct: number }>(
    await tx.execute(sql`
      select d.user_id, d.level,
             coalesce(s.personal_sales_fen, 0)::bigint as personal, coalesce(s.team_sales_fen, 0)::bigint as team,
             (select count(*)::int from referral_bindings b where b.tenant_id = d.tenant_id and b.referrer_id = d.user_id) as direct
        from ${userIds === "all" ? sql`distributors d` : sql`unnest(${sqlUuids(userIds)}) as ids(id) join distributors d on d.tenant_id = ${tenantId} and d.user_id = ids.id`}
        left join distributor_month_stats s on s.tenant_id = d.tenant_id and s.user_id = d.user_id and s.month = ${month}
       where d.tenant_id = ${tenantId} and d.status = 'active'`),
  );
  const changes = [];
  for (const r of rows) {
    const metrics = { personalSalesFen: Number(r.personal), directReferrals: r.direct, teamSalesFen: Number(r.team) };
    const e = evaluateLevel(levels, r.level, metrics, { demotion: state.programme.demotion, monthEnd: opts.monthEnd });
    if (e.change !== "none") changes.push({ user_id: r.user_id, from: e.from, to: e.level, reason: { kind: e.change, ...e.reason } });
  }
  if (!changes.length) return 0;
  await tx.execute(sql`
    with x as (select * from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as x(user_id uuid, "from" int, "to" int, reason jsonb)),
    upd as (update distributors d set level = x."to" from x where d.tenant_id = ${tenantId} and d.user_id = x.user_id and d.level = x."from" returning d.user_id)
    insert into level_changes (tenant_id, user_id, from_level, to_level, reason)
    select ${tenantId}, x.user_id, x."from", x."to", x.reason from x where x.user_id in (select user_id from upd)`);
  return changes.length;
}

/** Drains one tenant's outbox (batches until empty) in its own transactions. */
export async function drainOutbox(db: Db, tenantId: string, batch = OUTBOX_BATCH): Promise<DrainResult> {
  const total = zero();
  for (;;) {
    const r = await withTenant(db, tenantId, (tx) => processOutboxBatch(tx, tenantId, batch));
    for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
    if (r.events < batch) return total;
  }
}

type DrainState = { running: Promise<DrainResult> | null; queued: Promise<DrainResult> | null };
const drainStates = new WeakMap<Db, Map<string, DrainState>>();
/** The states with a drain running or queued (drainsIdle). */
const busyDrainStates = new Set<DrainState>();

/**
 * The drain after a commit (a payment, a refund). Concurrent callers in this
 * process share drains: with none running, one starts; with one running
 * (which may have read the outbox before this caller's event was committed),
 * the caller joins the single drain queued to start after it. So when the
 * promise resolves the caller's event has been processed (the refund flow
 * waits for it), and under load one transaction consumes many requests'
 * events instead of one transaction each. Other processes drain
 * concurrently; SKIP LOCKED keeps them apart.
 */
export function drainSoon(db: Db, tenantId: string): Promise<DrainResult> {
  let byTenant = drainStates.get(db);
  if (!byTenant) drainStates.set(db, (byTenant = new Map()));
  let st = byTenant.get(tenantId);
  if (!st) byTenant.set(tenantId, (st = { running: null, queued: null }));
  const state = st;
  busyDrainStates.add(state);
  const start = () => {
    const p: Promise<DrainResult> = drainOutbox(db, tenantId).finally(() => {
      if (state.running === p) state.running = null;
      if (!state.running && !state.queued) busyDrainStates.delete(state);
    });
    state.running = p;
    return p;
  };
  if (!state.running) return start();
  if (!state.queued) {
    const after = state.running.then(
      () => undefined,
      () => undefined,
    );
    state.queued = after.then(() => {
      state.queued = null;
      return start();
    });
  }
  return state.queued;
}

/**
 * Starts drainSoon without waiting for it (a failure is logged; the minute job
 * drains what is left): what a payment does after its commit, as the Stripe
 * webhook does after answering, so the shopper's request does not wait for
 * commissions and concurrent payments' events meet in one batch.
 */
export function drainInBackground(db: Db, tenantId: string): void {
  drainSoon(db, tenantId).catch((e) => console.error("[outbox] drain failed (the minute job retries it)", e));
}

/** Resolves when no drain started in this process is running or queued (tests, the bench, shutdown). */
export async function drainsIdle(): Promise<void> {
  for (;;) {
    const busy = [...busyDrainStates].flatMap((st) => [st.running, st.queued]).filter((p): p is Promise<DrainResult> => p !== null);
    if (!busy.length) return;
    await Promise.allSettled(busy);
  }
}

/** Every tenant with unprocessed outbox events (SECURITY DEFINER lookup), drained. */
export async function drainAllOutboxes(db: Db): Promise<DrainResult> {
  const total = zero();
  const due = await withContext(db, {}, async (tx) => rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from app_private.outbox_tenants()`)));
  for (const d of due) {
    try {
      const r = await drainOutbox(db, d.tenant_id);
      for (const k of Object.keys(total) as (keyof DrainResult)[]) total[k] += r[k];
    } catch (e) {
      // One tenant's trouble (a lost connection mid-drain) never keeps the others waiting.
      console.error(`[outbox] drain of tenant ${d.tenant_id} failed`, e);
    }
  }
  return total;
}

export type DailyResult = { tenants: number; levelChanges: number; bonuses: number; monthsClosed: number };

/**
 * The daily distribution job (`npm run jobs`, and once a day in the app):
 * every tenant's levels are evaluated on this month's figures (promotion).
 * Each tenant's month just closed (in its time zone) is closed once, as the
 * recorded run ("distribution.month-close", "<tenant>:<month>"): levels on
 * that month's figures with demotion where the tenant turned it on, and the
 * month's team bonus. A month whose 1st no job saw is closed at the next run
 * (a missed period is caught up); a failed close is retried.
 */
export async function runDistributionDaily(db: Db, now = new Date()): Promise<DailyResult> {
  const out: DailyResult = { tenants: 0, levelChanges: 0, bonuses: 0, monthsClosed: 0 };
  const tenants = await withContext(db, {}, async (tx) => rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id from app_private.distribution_tenants()`)));
  const failed: string[] = [];
  for (const { tenant_id: tenantId } of tenants) {
    out.tenants++;
    try {
      await dailyForTenant(db, tenantId, now, out);
    } catch (e) {
      console.error(`[jobs] distribution daily failed for tenant ${tenantId}`, e);
      failed.push(tenantId);
    }
  }
  // The other tenants are done; the run is recorded failed and retried (every step is idempotent).
  if (failed.length) throw new Error(`distribution daily failed for ${failed.length} tenant(s): ${failed.join(", ")}`);
  return out;
}

async function dailyForTenant(db: Db, tenantId: string, now: Date, out: DailyResult) {
  {
    const m = await withTenant(db, tenantId, async (tx) => {
      const [row] = rowsOf<{ this_month: string; last_month: string }>(
        await tx.execute(sql`
          with t as (select (${now.toISOString()}::timestamptz at time zone time_zone) as local from tenants where id = ${tenantId})
          select to_char(date_trunc('month', local), 'YYYY-MM-DD') as this_month,
                 to_char(date_trunc('month', local) - interval '1 month', 'YYYY-MM-DD') as last_month from t`),
      );
      return row!;
    });
    const closed = await runOnce(db, "distribution.month-close", `${tenantId}:${m.last_month.slice(0, 7)}`, () =>
      withTenant(db, tenantId, async (tx) => ({
        levelChanges: await evaluateLevels(tx, tenantId, "all", { monthEnd: true, month: m.last_month }),
        bonuses: await computeTeamBonuses(tx, tenantId, m.last_month),
      })),
    );
    if (closed.ran && closed.ok) {
      out.monthsClosed++;
      out.levelChanges += closed.result.levelChanges;
      out.bonuses += closed.result.bonuses;
    }
    if (closed.ran && !closed.ok) throw new Error(`month close ${m.last_month.slice(0, 7)}: ${closed.error}`);
    out.levelChanges += await withTenant(db, tenantId, (tx) => evaluateLevels(tx, tenantId, "all", { monthEnd: false, month: m.this_month }));
  }
}
