/**
 * The daily settlement run (PRODUCT.md §5.3): commission of completed orders
 * whose hold has passed moves from pending to available. Which commission
 * matures is the pure rule (packages/ledger: holdDaysFor, settlesOn,
 * settles); this persists it. Resumable: each batch is one transaction that
 * posts its transfers (idempotent per commission) and marks its commissions
 * settled, so a run killed half-way and run again continues where it stopped
 * and never settles anything twice.
 */
import { sql } from "drizzle-orm";
import { commissionSettled, holdDaysFor, holdRulesSchema, localDate, settles, settlesOn, DEFAULT_HOLD_RULES } from "../../../ledger/src";
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
export async function settleTenant(db: Db, tenantId: string, now = new Date(), opts: { batch?: number; timeZone?: string } = {}): Promise<SettlementResult> {
  const batch = opts.batch ?? SETTLEMENT_BATCH;
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
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const page = await withTenant(db, tenantId, async (tx) => {
      const rows = rowsOf<Candidate>(
        await tx.execute(sql`
          select c.id::text, c.beneficiary_id::text, c.line_id::text, l.product_id::text, p.category_id::text, l.unit_price_fen,
                 o.completed_at::text, (c.amount_fen - coalesce(r.reversed, 0))::int as net_fen,
                 exists (select 1 from distribution_flags f where f.tenant_id = c.tenant_id and f.order_id = c.order_id and f.user_id = c.beneficiary_id and f.status = 'open') as held
            from commissions c
            join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
            join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
            left join products p on p.tenant_id = l.tenant_id and p.id = l.product_id
            left join lateral (select sum(x.amount_fen) as reversed from commission_reversals x where x.tenant_id = c.tenant_id and x.commission_id = c.id) r on true
           where c.tenant_id = ${tenantId} and c.status = 'pending' and c.settled_at is null and c.id > ${after}::uuid
             and o.status = 'completed' and o.completed_at is not null
           order by c.id
           limit ${batch}
             for update of c skip locked`),
      );
      if (!rows.length) return { rows, settled: 0, fen: 0 };
      const due = rows.filter((c) =>
        settles({ settlesOn: settlesOn(new Date(c.completed_at), holdDaysFor({ productId: c.product_id, categoryId: c.category_id, unitPriceFen: c.unit_price_fen }, setup.rules), setup.timeZone), held: c.held }, runDate),
      );
      const paying = due.filter((c) => c.net_fen > 0);
      await postTransfers(
        tx,
        tenantId,
        paying.map((c) => ({ key: `settle:${c.id}`, transfer: commissionSettled(c.beneficiary_id, c.net_fen), refs: { commissionId: c.id, orderLineId: c.line_id, memo: { runDate } } })),
      );
      if (due.length) {
        await tx.execute(sql`update commissions set settled_at = now(), updated_at = now() where tenant_id = ${tenantId} and id = any(${`{${due.map((c) => c.id).join(",")}}`}::uuid[])`);
      }
      return { rows, settled: due.length, fen: paying.reduce((n, c) => n + c.net_fen, 0) };
    });
    if (!page.rows.length) break;
    out.batches++;
    out.examined += page.rows.length;
    out.settled += page.settled;
    out.settledFen += page.fen;
    after = page.rows[page.rows.length - 1]!.id;
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
