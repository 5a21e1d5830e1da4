/**
 * The daily settlement run (PRODUCT.md §5.3): commission of completed orders
 * whose hold has passed moves from pending to available. Which commission
 * matures is the pure rule (packages/ledger: holdDaysFor, settlesOn,
 * settles); this persists it. Batches go by distributor: a batch posts one
 * commission_settled transfer per distributor (the sum of their matured
 * commission in it) and marks each commission settled with that transfer.
 * Resumable: each batch is one transaction, so a run killed half-way and run
 * again continues where it stopped and never settles anything twice.
 */
import { sql } from "drizzle-orm";
import { commissionSettled, holdDaysFor, holdRulesSchema, localDate, settles, settlesOn, DEFAULT_HOLD_RULES, type HoldRules } from "../../../ledger/src";
import { rowsOf, type Db } from "../client";
import { withContext, withTenant } from "../context";
import { postTransfers } from "../queries/ledger";
import { runOnce } from "./job-runs";

export const SETTLEMENT_BATCH = 1_000;

export type SettlementResult = { runDate: string; examined: number; settled: number; settledFen: number; batches: number };

type Candidate = {
  id: string;
  beneficiary_id: string;
  line_id: string;
  product_id: string;
  category_id: string | null;
  unit_price_fen: number;
  completed_at: string;
  net_fen: number;
  held: boolean;
};

/**
 * Settles the tenant's matured commission as of `now` (the run's date is the
 * tenant's local date of `now`). Commission of one batch is locked while it
 * is settled, so a refund's clawback of the same commission waits and then
 * takes from available.
 */
export async function settleTenant(db: Db, tenantId: string, now = new Date(), opts: { batch?: number; timeZone?: string; streams?: number } = {}): Promise<SettlementResult> {
  const batch = opts.batch ?? SETTLEMENT_BATCH;
  const streams = Math.max(1, Math.min(16, Math.floor(opts.streams ?? SETTLEMENT_STREAMS)));
  const setup = await withTenant(db, tenantId, async (tx) => {
    const [row] = rowsOf<{ time_zone: string; hold_rules: unknown }>(
      await tx.execute(sql`select t.time_zone, s.hold_rules from tenants t left join distribution_settings s on s.tenant_id = t.id where t.id = ${tenantId}`),
    );
    const parsed = holdRulesSchema.safeParse(row?.hold_rules);
    // A stored value that does not parse is a bug to see, not a reason to settle on other days than the merchant set.
    if (row?.hold_rules !== undefined && row.hold_rules !== null && !parsed.success) throw new Error(`settlement: shop ${tenantId} has hold rules that do not parse`);
    return { timeZone: opts.timeZone ?? row?.time_zone ?? "Asia/Shanghai", rules: parsed.success ? parsed.data : DEFAULT_HOLD_RULES };
  });
  const runDate = localDate(now, setup.timeZone);
  const out: SettlementResult = { runDate, examined: 0, settled: 0, settledFen: 0, batches: 0 };
  // The distributors split into contiguous ranges of their ids, one stream of batches each, run side by side: a
  // distributor's accounts are only ever in one stream's batches, so the streams never wait on each other.
  const bounds = uuidRanges(streams);
  const parts = await Promise.all(bounds.map(([lo, hi]) => settleRange(db, tenantId, runDate, setup, batch, lo, hi)));
  for (const p of parts) {
    out.examined += p.examined;
    out.settled += p.settled;
    out.settledFen += p.settledFen;
    out.batches += p.batches;
  }
  return out;
}

/**
 * Streams of one settlement run: on 2 cores the 1,000,000-commission settlement bench took 113 s with one (before the
 * time-zone formatter was kept), 56–67 s with two and 59.5 s with three in back-to-back runs (a stream waits on its
 * round trips and commits while the others work).
 */
export const SETTLEMENT_STREAMS = 3;

/** `n` contiguous ranges [lo, hi) of the uuid space (hi null: to the end). */
function uuidRanges(n: number): [string, string | null][] {
  const at = (i: number) => {
    const hex = ((BigInt(i) << 128n) / BigInt(n)).toString(16).padStart(32, "0");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
  return Array.from({ length: n }, (_, i) => [at(i), i + 1 < n ? at(i + 1) : null]);
}

async function settleRange(
  db: Db,
  tenantId: string,
  runDate: string,
  setup: { timeZone: string; rules: HoldRules },
  batch: number,
  lo: string,
  hi: string | null,
): Promise<Omit<SettlementResult, "runDate">> {
  const out = { examined: 0, settled: 0, settledFen: 0, batches: 0 };
  // Just below the range's first id: (lo, nil) sorts before every (lo, id) but the nil id, which no commission has.
  let after = { beneficiary: lo, id: "00000000-0000-0000-0000-000000000000" };
  for (;;) {
    const page = await withTenant(db, tenantId, async (tx) => {
      // In distributor order: a batch's matured commission of one distributor is one transfer.
      const rows = rowsOf<Candidate>(
        await tx.execute(sql`
          select c.id::text, c.beneficiary_id::text, c.line_id::text, l.product_id::text, p.category_id::text, l.unit_price_fen,
                 o.completed_at::text, (c.amount_fen - coalesce(r.reversed, 0))::int as net_fen,
                 (exists (select 1 from distribution_flags f where f.tenant_id = c.tenant_id and f.order_id = c.order_id and f.user_id = c.beneficiary_id and f.status = 'open')
                  or exists (select 1 from disputes d where d.tenant_id = c.tenant_id and d.order_id = c.order_id and d.status = 'open')) as held
            from commissions c
            join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
            join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
            left join products p on p.tenant_id = l.tenant_id and p.id = l.product_id
            left join lateral (select sum(x.amount_fen) as reversed from commission_reversals x where x.tenant_id = c.tenant_id and x.commission_id = c.id) r on true
           where c.tenant_id = ${tenantId} and c.status = 'pending' and c.settled_at is null
             and (c.beneficiary_id, c.id) > (${after.beneficiary}::uuid, ${after.id}::uuid)
             ${hi ? sql`and c.beneficiary_id < ${hi}::uuid` : sql``}
             and o.status = 'completed' and o.completed_at is not null
           order by c.beneficiary_id, c.id
           limit ${batch}
             for update of c skip locked`),
      );
      if (!rows.length) return { rows, settled: 0, fen: 0 };
      const due = rows.filter((c) =>
        settles({ settlesOn: settlesOn(new Date(c.completed_at), holdDaysFor({ productId: c.product_id, categoryId: c.category_id, unitPriceFen: c.unit_price_fen }, setup.rules), setup.timeZone), held: c.held }, runDate),
      );
      // One transfer per distributor of the batch: the sum of their matured commission (a fully reversed one adds 0).
      const groups = new Map<string, { first: string; ids: string[]; fen: number }>();
      for (const c of due) {
        const g = groups.get(c.beneficiary_id) ?? { first: c.id, ids: [], fen: 0 };
        g.ids.push(c.id);
        g.fen += Math.max(0, c.net_fen);
        groups.set(c.beneficiary_id, g);
      }
      const paying = [...groups.entries()].filter(([, g]) => g.fen > 0);
      const posted = await postTransfers(
        tx,
        tenantId,
        paying.map(([userId, g]) => ({ key: `settle:${runDate}:${userId}:${g.first}`, transfer: commissionSettled(userId, g.fen), refs: { memo: { runDate, commissions: g.ids.length } } })),
      );
      if (due.length) {
        const transferOf = new Map(paying.map(([userId], i) => [userId, posted[i]!.id]));
        const marks = due.map((c) => ({ id: c.id, transfer: transferOf.get(c.beneficiary_id) ?? null }));
        await tx.execute(sql`
          update commissions k set settled_at = now(), updated_at = now(), settle_transfer_id = x.transfer
            from jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) as x(id uuid, transfer uuid)
           where k.tenant_id = ${tenantId} and k.id = any(${`{${marks.map((m) => m.id).join(",")}}`}::uuid[]) and k.id = x.id`);
      }
      return { rows, settled: due.length, fen: paying.reduce((n, [, g]) => n + g.fen, 0) };
    });
    if (!page.rows.length) break;
    out.batches++;
    out.examined += page.rows.length;
    out.settled += page.settled;
    out.settledFen += page.fen;
    const last = page.rows[page.rows.length - 1]!;
    after = { beneficiary: last.beneficiary_id, id: last.id };
    if (page.rows.length < batch) break;
  }
  return out;
}

/**
 * Today's settlement for every shop with commission still to settle, once
 * per shop and local day across servers (job runs; the tick claims this whole
 * pass once a UTC day, so a minute's tick does not visit every shop). A
 * shop's failure fails the pass, which a later tick retries; the shops done
 * are not settled again (their own claims).
 */
export async function runSettlementDaily(db: Db, now = new Date()) {
  const tenants = await withContext(db, {}, async (tx) =>
    rowsOf<{ tenant_id: string; time_zone: string }>(await tx.execute(sql`select tenant_id::text, time_zone from app_private.settlement_tenants()`)),
  );
  const results: { tenantId: string; ran: boolean; ok?: boolean }[] = [];
  for (const t of tenants) {
    const r = await runOnce(db, "ledger.settlement", `${t.tenant_id}:${localDate(now, t.time_zone)}`, () => settleTenant(db, t.tenant_id, now, { timeZone: t.time_zone }));
    results.push({ tenantId: t.tenant_id, ran: r.ran, ...(r.ran ? { ok: r.ok } : {}) });
  }
  const failed = results.filter((r) => r.ran && !r.ok);
  if (failed.length) throw new Error(`settlement failed for ${failed.length} shop(s): ${failed.map((f) => f.tenantId).join(", ")}`);
  return results;
}
