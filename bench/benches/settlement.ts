import { randomUUID } from "node:crypto";
import { withTenant } from "../../packages/db/src/context";
import { settleTenant } from "../../packages/db/src/flows/settlement";
import { verifyLedger } from "../../packages/db/src/queries/ledger";
import { copyRows } from "../lib/dataset";
import { withAppDb } from "../lib/distribution";
import { nowMs } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * Seconds to settle 1,000,000 matured commissions (issue 14): one shop with BENCH_SETTLEMENT_COMMISSIONS
 * (default 1,000,000) pending commissions, two per order line (level 1 and 2 to 20,000 distributors), of orders
 * completed three days ago, each accrued in the ledger as the commission engine posts it (one transfer, pending
 * credited), built set-based; then the app's settleTenant (packages/db/src/flows/settlement.ts: batches of
 * 1,000, each one transaction posting its commission_settled transfers and marking the commissions) runs once,
 * as app_user under RLS. Fails unless every commission is settled once and the ledger verifies. Budget 60 s.
 */
const N = Number(process.env.BENCH_SETTLEMENT_COMMISSIONS ?? 1_000_000);
const PEOPLE = 20_000;

let tenantId = "";

async function build(ctx: BenchContext) {
  const { sql, log } = ctx;
  const t0 = nowMs();
  tenantId = randomUUID();
  const lines = Math.ceil(N / 2);
  await sql`create schema if not exists bench`;
  await copyRows(sql, "tenants", ["id", "slug", "name", "template", "theme"], [[tenantId, `bench-settlement-${N}`, "Bench settlement", "tea", {}]]);
  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`set local work_mem = '256MB'`;
    await tx`create temp table ppl on commit drop as select g as n, gen_random_uuid() as uid from generate_series(1, ${PEOPLE}) g`;
    await tx`insert into users (id, email, name) select uid, 's' || n || '-' || ${tenantId.slice(0, 8)} || '@bench.invalid', 'Settle ' || n from ppl`;
    await tx`insert into distributors (tenant_id, user_id, code, level, status) select ${tenantId}, uid, 'SD' || lpad(n::text, 7, '0'), 1, 'active' from ppl`;
    const [p] = await tx<{ id: string }[]>`insert into products (tenant_id, id, name, status, sort) values (${tenantId}, gen_random_uuid(), 'Bench tea', 'on_sale', 1) returning id`;
    const [k] = await tx<{ id: string }[]>`insert into product_skus (tenant_id, id, product_id, code, spec, price_fen, cost_fen, stock) values (${tenantId}, gen_random_uuid(), ${p!.id}, 'BS-1', '[]', 12800, 6400, 1000000) returning id`;
    // One line per order, completed three days ago.
    await tx`create temp table o on commit drop as select g, gen_random_uuid() as id, gen_random_uuid() as line_id, now() - interval '4 days' as paid_at from generate_series(1, ${lines}) g`;
    await tx`
      insert into orders (tenant_id, id, no, buyer_id, buyer_name, status, subtotal_fen, shipping_fen, total_fen, paid_fen, refunded_fen,
                          address, idempotency_key, expires_at, paid_at, completed_at, created_at, updated_at)
      select ${tenantId}, o.id, 'S' || lpad(o.g::text, 12, '0'), p.uid, 'Buyer', 'completed', 12800, 0, 12800, 12800, 0,
             '{"name":"B","phone":"13800000000","province":"Z","city":"H","district":"","detail":"x"}'::jsonb,
             'bench-settle-' || o.g, o.paid_at + interval '30 minutes', o.paid_at, now() - interval '3 days', o.paid_at, now()
        from o join ppl p on p.n = 1 + (o.g % ${PEOPLE})`;
    await tx`
      insert into order_lines (tenant_id, id, order_id, product_id, sku_id, product_name, sku_code, spec, unit_price_fen, unit_cost_fen, quantity, line_total_fen, refunded_fen)
      select ${tenantId}, o.line_id, o.id, ${p!.id}, ${k!.id}, 'Bench tea', 'BS-1', '[]', 12800, 6400, 1, 12800, 0 from o`;
    await tx`
      create temp table c on commit drop as
      select gen_random_uuid() as id, o.id as order_id, o.line_id, b.uid as beneficiary, x.kind, x.fen
        from o
        cross join lateral (values ('level1', 1280, 1), ('level2', 384, 2)) x(kind, fen, i)
        join ppl b on b.n = 1 + ((o.g * 7 + x.i * 13) % ${PEOPLE})
       limit ${N}`;
    await tx`
      insert into commissions (tenant_id, id, order_id, line_id, beneficiary_id, kind, amount_fen, status, reason, month)
      select ${tenantId}, c.id, c.order_id, c.line_id, c.beneficiary, c.kind, c.fen, 'pending', '{}'::jsonb, date_trunc('month', now() - interval '4 days')::date from c`;
    // Accrued as the engine posts it: expense → pending, one transfer per commission.
    await tx`insert into ledger_accounts (tenant_id, kind, owner_id) values (${tenantId}, 'merchant_commission_expense', null)`;
    await tx`insert into ledger_accounts (tenant_id, kind, owner_id) select ${tenantId}, 'distributor_pending', uid from ppl`;
    await tx`create temp table t on commit drop as select gen_random_uuid() as tid, c.* from c`;
    await tx`
      insert into ledger_transfers (tenant_id, id, kind, idempotency_key, commission_id, order_line_id)
      select ${tenantId}, tid, 'commission_accrued', 'commission:' || id || ':accrued', id, line_id from t`;
    await tx`
      insert into ledger_entries (tenant_id, transfer_id, account_id, amount_fen)
      select ${tenantId}::uuid, t.tid, m.id, -t.fen from t join ledger_accounts m on m.tenant_id = ${tenantId} and m.kind = 'merchant_commission_expense'
      union all
      select ${tenantId}::uuid, t.tid, a.id, t.fen from t join ledger_accounts a on a.tenant_id = ${tenantId} and a.kind = 'distributor_pending' and a.owner_id = t.beneficiary`;
    await tx`
      update ledger_accounts a set balance_fen = s.fen
        from (select beneficiary, sum(fen) as fen from c group by beneficiary) s
       where a.tenant_id = ${tenantId} and a.kind = 'distributor_pending' and a.owner_id = s.beneficiary`;
  });
  await sql`vacuum analyze users, distributors, orders, order_lines, commissions, ledger_accounts, ledger_transfers, ledger_entries`;
  await sql`checkpoint`;
  log(`settlement dataset: ${N} pending commissions of ${lines} completed orders, ${PEOPLE} distributors, in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
}

const bench: Bench = {
  name: "settlement",
  unit: "s",
  budget: 60,
  async setup(ctx) {
    await ctx.once(`settlement:${N}`, () => build(ctx));
  },
  async run(ctx) {
    return withAppDb(ctx, async (db) => {
      const t0 = nowMs();
      const r = await settleTenant(db, tenantId);
      const seconds = (nowMs() - t0) / 1000;
      const [left] = await ctx.sql<{ n: number }[]>`select count(*)::int as n from commissions where tenant_id = ${tenantId} and settled_at is null`;
      if (r.settled !== N || left!.n !== 0) throw new Error(`settlement: settled ${r.settled} of ${N}, ${left!.n} left`);
      const again = await settleTenant(db, tenantId);
      if (again.settled !== 0) throw new Error(`settlement: a second run settled ${again.settled}`);
      const problems = await withTenant(db, tenantId, (tx) => verifyLedger(tx));
      if (problems.length) throw new Error(`settlement: the ledger does not verify (${problems.length} problems, e.g. ${JSON.stringify(problems[0])})`);
      ctx.log(`settlement: ${r.settled} commissions (${(r.settledFen / 100).toFixed(2)} yuan) in ${r.batches} batches, ${seconds.toFixed(1)} s = ${(r.settled / seconds).toFixed(0)}/s; a second run settles nothing; the ledger verifies`);
      return seconds;
    });
  },
};
export default bench;
