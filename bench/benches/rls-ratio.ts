import { ensureCatalogDataset } from "../lib/dataset";
import { fmt, nowMs, summarize } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * What row-level security costs on a hot indexed read: p50 of
 *   select id, name, sort from products where status = 'on_sale' order by sort limit 20
 * as app_user under RLS (same transaction shape as the app: begin; set_config
 * role/tenant/user; read; commit), divided by p50 of the same read as the owner
 * (superuser, no RLS) with an explicit `tenant_id = $1` filter (begin; read;
 * commit). Only the read statement is timed on both sides; the reads are
 * interleaved so drift hits both equally. The hot tenant (10% of all rows) is
 * read. Budget 1.10.
 *
 * Plan caching, measured (PostgreSQL 15, this dataset): the RLS statement has no
 * parameters, so its one plan (tenant from the policy's initplan, $0) is
 * cached; the owner's `tenant_id = $1` statement is re-planned on every
 * execution for the hot tenant (custom plan 22 vs generic ~80 cost units, so
 * the plan cache never switches to generic: pg_prepared_statements shows
 * generic_plans = 0). That planning (~0.05 ms) would make RLS look *faster*
 * than no RLS (ratio ~0.77). So the baseline runs the owner read with
 * `set local plan_cache_mode = force_generic_plan` (same statement, same index
 * plan, planned once) and the figure compares execution with execution. The
 * re-planned owner read is measured too and logged.
 *
 * Also EXPLAINs the RLS query as app_user (stderr) and fails unless the
 * tenant condition is an Index Cond (i.e. the policy's
 * `(select current_setting(...))` initplan feeds the index, not a filter).
 */
const PAIRS = 3000; // rounds of the three reads
const WARMUP = 300;

const RLS_READ = "select id, name, sort from products where status = 'on_sale' order by sort limit 20";

let tenantId = "";

type PlanNode = { "Node Type"?: string; "Index Name"?: string; "Index Cond"?: string; Filter?: string; Plans?: PlanNode[] };

function walk(n: PlanNode, out: PlanNode[] = []): PlanNode[] {
  out.push(n);
  for (const c of n.Plans ?? []) walk(c, out);
  return out;
}

const bench: Bench = {
  name: "rls-ratio",
  unit: "ratio",
  budget: 1.1,

  async setup(ctx: BenchContext) {
    const d = await ensureCatalogDataset(ctx);
    tenantId = d.hotTenantId;
    const { sql } = ctx;

    // The plan the app gets: as app_user, tenant set in the transaction.
    const [text, json] = await sql.begin(async (t) => {
      await t`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', '', true)`;
      const a = await t.unsafe(`explain (analyze, buffers, costs) ${RLS_READ}`);
      const b = await t.unsafe(`explain (format json) ${RLS_READ}`);
      return [a, b] as const;
    });
    ctx.log(`rls-ratio: EXPLAIN as app_user (tenant ${tenantId}, ${d.hotRows} rows):\n` + text.map((r) => `    ${r["QUERY PLAN"]}`).join("\n"));
    const plan = (json[0]!["QUERY PLAN"] as [{ Plan: PlanNode }])[0].Plan;
    const nodes = walk(plan);
    const indexed = nodes.find((n) => /tenant_id\s*=/.test(n["Index Cond"] ?? ""));
    if (!indexed) {
      const filters = nodes.map((n) => n.Filter).filter(Boolean);
      throw new Error(`the RLS tenant condition is not an Index Cond (filters: ${filters.join(" | ") || "none"})`);
    }
    ctx.log(`rls-ratio: tenant condition is an Index Cond on ${indexed["Index Name"]}: ${indexed["Index Cond"]}`);

    // Same rows both ways.
    const viaRls = await sql.begin(async (t) => {
      await t`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', '', true)`;
      return t`select id, name, sort from products where status = 'on_sale' order by sort limit 20`;
    });
    const direct = await sql`select id, name, sort from products where tenant_id = ${tenantId} and status = 'on_sale' order by sort limit 20`;
    if (viaRls.length !== 20 || viaRls.map((r) => r.id).join() !== direct.map((r) => r.id).join()) {
      throw new Error(`RLS read returned ${viaRls.length} rows, not the owner's 20`);
    }
  },

  async run(ctx: BenchContext) {
    const { sql } = ctx;
    type Kind = "rls" | "owner" | "ownerCustom";
    const samples: Record<Kind, number[]> = { rls: [], owner: [], ownerCustom: [] };
    const once = async (kind: Kind, record: boolean) => {
      let dt = 0;
      await sql.begin(async (t) => {
        if (kind === "rls") {
          await t`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', '', true)`;
          const t0 = nowMs();
          await t`select id, name, sort from products where status = 'on_sale' order by sort limit 20`;
          dt = nowMs() - t0;
        } else if (kind === "owner") {
          await t`select set_config('plan_cache_mode', 'force_generic_plan', true)`;
          const t0 = nowMs();
          await t`select id, name, sort from products where tenant_id = ${tenantId} and status = 'on_sale' order by sort limit 20`;
          dt = nowMs() - t0;
        } else {
          // A distinct statement text, so it has its own prepared statement and plan-cache history.
          const t0 = nowMs();
          await t`select id, name, sort from products where status = 'on_sale' and tenant_id = ${tenantId} order by sort limit 20`;
          dt = nowMs() - t0;
        }
      });
      if (record) samples[kind].push(dt);
    };
    const orders: Kind[][] = [
      ["rls", "owner", "ownerCustom"],
      ["owner", "ownerCustom", "rls"],
      ["ownerCustom", "rls", "owner"],
    ];
    for (let i = 0; i < PAIRS + WARMUP; i++) {
      for (const k of orders[i % orders.length]!) await once(k, i >= WARMUP);
    }
    const a = summarize(samples.rls);
    const b = summarize(samples.owner);
    const c = summarize(samples.ownerCustom);
    ctx.log(`rls-ratio: RLS as app_user                 ${fmt(a)}`);
    ctx.log(`rls-ratio: owner, tenant_id = $1 (generic) ${fmt(b)}`);
    ctx.log(`rls-ratio: owner, tenant_id = $1 (re-planned each time) ${fmt(c)}  -> RLS/this = ${(a.p50 / c.p50).toFixed(3)}`);
    const [ps] = await sql<{ generic_plans: number; custom_plans: number }[]>`
      select generic_plans::int, custom_plans::int from pg_prepared_statements
       where statement like '%status = ''on_sale'' and tenant_id = $1%' limit 1`;
    if (ps) ctx.log(`rls-ratio: re-planned owner statement: generic_plans=${ps.generic_plans} custom_plans=${ps.custom_plans}`);
    return a.p50 / b.p50;
  },
};

export default bench;
