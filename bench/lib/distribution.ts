import { randomUUID } from "node:crypto";
import { openDatabase, type Db, type Tx } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import type postgres from "postgres";
import { copyRows } from "./dataset";
import { nowMs, summarize, timeEach, type Summary } from "./stats";
import type { BenchContext } from "./types";

/**
 * The distribution dataset shared by upline-3, team-sales-rollup,
 * team-sales-recompute and commission-throughput (one bench tenant):
 *
 *  - N distributors (default 1,000,000; BENCH_DISTRIBUTORS, else BENCH_ROWS,
 *    shrinks it) in trees of depth 12: N/1000 roots (level 0), then 12
 *    levels growing geometrically. Built level by level in bench.dist_tree
 *    with generate_series: a node's path is its parent's path prefixed with
 *    the parent, so referral_bindings.path is the true ancestor chain.
 *    Parents are spread evenly over the level above, except that the first
 *    root (the "hot" distributor) gets 10% of level 1, and so (the mapping
 *    keeping ranges) 10% of every level below: a ~100,000-person downline.
 *  - a users row per distributor (the consumer joins users under RLS);
 *  - 100 products with a SKU each;
 *  - paid orders: 0.2·N this month, 0.05·N last month (tenant time zone),
 *    bought by random distributors, 1–2 lines, ~3% partly refunded, with
 *    order_lines and order_uplines exactly as captureUpline writes them
 *    (buyer_level, upline = first three active ancestors, chain = buyer ||
 *    path);
 *  - distributor_month_stats from those orders by set-based SQL that mirrors
 *    processOutboxBatch (team = every chain member, personal = chain[1],
 *    sales = line totals minus refunded). team-sales-recompute proves them.
 *
 * Bulk load as the owner: FK triggers off (session_replication_role =
 * replica, as pg_restore), and the two GIN indexes (referral_bindings.path,
 * order_uplines.chain) dropped for the load and re-created with their own
 * definitions afterwards. VACUUM ANALYZE at the end.
 */
export type DistributionDataset = {
  tenantId: string;
  distributors: number;
  /** The distributor with the ~100k downline (a root). */
  hotId: string;
  hotDownline: number;
  /** This month (tenant time zone), 'YYYY-MM-DD'. */
  month: string;
  timeZone: string;
  levelSizes: number[];
};

export const DEPTH = 12;
export const HOT_SHARE = 0.1;

/** Sizes of levels 0..DEPTH summing to n: n/1000 roots, then geometric growth. */
export function levelSizes(n: number, depth = DEPTH): number[] {
  const roots = Math.max(2, Math.round(n / 1000));
  const total = (r: number) => {
    let s = 0;
    for (let k = 0; k <= depth; k++) s += roots * Math.pow(r, k);
    return s;
  };
  let lo = 1.0001;
  let hi = 4;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < n) lo = mid;
    else hi = mid;
  }
  const sizes = Array.from({ length: depth + 1 }, (_, k) => Math.max(1, Math.round(roots * Math.pow(lo, k))));
  sizes[depth]! += n - sizes.reduce((a, b) => a + b, 0);
  return sizes;
}

async function gin(sql: postgres.Sql, name: string): Promise<string> {
  const [r] = await sql<{ def: string }[]>`select pg_get_indexdef(${name}::regclass) as def`;
  return r!.def;
}

/**
 * The dataset, built once per run, and settled (checkpoint, no autovacuum
 * busy) on every call: a bench that times reads may follow one that wrote
 * (commission-throughput).
 */
export async function ensureDistributionDataset(ctx: BenchContext): Promise<DistributionDataset> {
  const ds = await buildDistributionDataset(ctx);
  await settle(ctx);
  return ds;
}

function buildDistributionDataset(ctx: BenchContext): Promise<DistributionDataset> {
  const n = Number(process.env.BENCH_DISTRIBUTORS ?? process.env.BENCH_ROWS ?? 1_000_000);
  return ctx.once(`distribution:${n}`, async () => {
    const { sql, log } = ctx;
    const t0 = nowMs();
    const lap = (() => {
      let t = t0;
      const parts: string[] = [];
      return {
        mark(what: string) {
          const now = nowMs();
          parts.push(`${what} ${((now - t) / 1000).toFixed(1)} s`);
          t = now;
        },
        toString: () => parts.join(", "),
      };
    })();
    const tenantId = randomUUID();
    const sizes = levelSizes(n);
    const starts = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));

    await sql`create schema if not exists bench`;
    await copyRows(sql, "tenants", ["id", "slug", "name", "template", "theme"], [[tenantId, "bench-distribution", "Bench distribution", "tea", {}]]);
    const [{ tz }] = (await sql<{ tz: string }[]>`select time_zone as tz from tenants where id = ${tenantId}`) as unknown as [{ tz: string }];

    // The tree, level by level.
    await sql`create unlogged table bench.dist_tree (n int primary key, lvl int not null, uid uuid not null, path uuid[] not null)`;
    await sql`insert into bench.dist_tree select g, 0, gen_random_uuid(), '{}' from generate_series(0, ${sizes[0]! - 1}) g`;
    for (let k = 1; k <= DEPTH; k++) {
      const [s, ps, size, psize] = [starts[k]!, starts[k - 1]!, sizes[k]!, sizes[k - 1]!];
      // Index of the parent within level k-1.
      const hot = Math.max(1, Math.round(size * HOT_SHARE));
      const parentIdx =
        k === 1
          ? sql`case when g < ${hot} then 0 else 1 + ((g - ${hot})::bigint * ${psize - 1} / ${Math.max(1, size - hot)})::int end`
          : sql`(g::bigint * ${psize} / ${size})::int`;
      await sql`
        insert into bench.dist_tree (n, lvl, uid, path)
        select ${s} + c.g, ${k}, gen_random_uuid(), array[p.uid] || p.path
          from (select g, ${ps} + ${parentIdx} as pn from generate_series(0, ${size - 1}) g) c
          join bench.dist_tree p on p.n = c.pn`;
    }
    await sql`analyze bench.dist_tree`;
    lap.mark("tree");

    const pathIdx = await gin(sql, "referral_bindings_path_idx");
    const chainIdx = await gin(sql, "order_uplines_chain_idx");
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`set local maintenance_work_mem = '1GB'`;
      await tx`drop index referral_bindings_path_idx`;
      await tx`
        insert into users (id, email, name, phone)
        select uid, 'd' || n || '@bench.invalid', 'Distributor ' || n, '1' || lpad(n::text, 10, '0') from bench.dist_tree`;
      await tx`
        insert into distributors (tenant_id, user_id, code, level, status, created_at)
        select ${tenantId}, uid, 'BD' || lpad(n::text, 7, '0'),
               case when n % 20 = 0 then 3 when n % 4 = 0 then 2 else 1 end, 'active', now() - interval '90 days'
          from bench.dist_tree`;
      await tx`
        insert into referral_bindings (tenant_id, user_id, referrer_id, path, source, locked, bound_at)
        select ${tenantId}, uid, path[1], path, 'seed', true, now() - interval '90 days' from bench.dist_tree where lvl > 0`;
      await tx.unsafe(pathIdx);
    });
    // Before anything is planned against them (autovacuum may not have looked yet).
    await sql`analyze users, distributors, referral_bindings`;
    lap.mark("users+distributors+bindings");

    // Products: 100, one SKU each (price 68/128 yuan, cost half).
    await sql`
      with p as (
        insert into products (tenant_id, id, name, status, sort)
        select ${tenantId}, gen_random_uuid(), 'Bench product ' || g, 'on_sale', g from generate_series(1, 100) g
        returning id, sort)
      insert into product_skus (tenant_id, id, product_id, code, spec, price_fen, cost_fen, stock)
      select ${tenantId}, gen_random_uuid(), p.id, 'BDS-' || p.sort, '[]', case when p.sort % 2 = 0 then 12800 else 6800 end,
             case when p.sort % 2 = 0 then 6400 else 3400 end, 1000000
        from p`;
    await sql`
      create table bench.dist_products as
      select row_number() over (order by s.code)::int as k, s.product_id, s.id as sku_id, s.code, s.price_fen, s.cost_fen
        from product_skus s where s.tenant_id = ${tenantId}`;

    const [{ month }] = (await sql<{ month: string }[]>`
      select to_char(date_trunc('month', now() at time zone ${tz}), 'YYYY-MM-DD') as month`) as unknown as [{ month: string }];
    const thisMonth = Math.round(n * 0.2);
    const lastMonth = Math.round(n * 0.05);
    await createOrders(sql, { tenantId, tz, distributors: n, thisMonth, lastMonth, table: "bench.dist_orders", chainIdx, offset: 0 });
    lap.mark(`orders (${thisMonth} + ${lastMonth})`);

    // The rollups, set-based, as processOutboxBatch would have made them.
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`set local work_mem = '256MB'`;
      await tx`
        insert into distributor_month_stats (tenant_id, user_id, month, personal_sales_fen, team_sales_fen, personal_orders, team_orders)
        select ${tenantId}, c.uid, o.month,
               coalesce(sum(o.sales) filter (where c.i = 1), 0), sum(o.sales),
               count(*) filter (where c.i = 1), count(*)
          from bench.dist_orders o
          join order_uplines u on u.tenant_id = ${tenantId} and u.order_id = o.id
          cross join lateral unnest(u.chain) with ordinality c(uid, i)
         group by c.uid, o.month`;
    });
    lap.mark("rollups");

    await sql`vacuum analyze users, distributors, referral_bindings, products, product_skus, orders, order_lines, order_uplines, team_sales_entries, distributor_month_stats`;
    lap.mark("vacuum analyze");

    const hotId = (await sql<{ uid: string }[]>`select uid from bench.dist_tree where n = 0`)[0]!.uid;
    const [{ down }] = (await sql<{ down: number }[]>`
      select count(*)::int as down from referral_bindings where tenant_id = ${tenantId} and path @> array[${hotId}::uuid]`) as unknown as [{ down: number }];
    const [check] = await sql<{ d: number; b: number; maxdepth: number }[]>`
      select (select count(*)::int from distributors where tenant_id = ${tenantId}) as d,
             (select count(*)::int from referral_bindings where tenant_id = ${tenantId}) as b,
             (select max(cardinality(path))::int from referral_bindings where tenant_id = ${tenantId}) as maxdepth`;
    log(
      `distribution dataset: ${check!.d} distributors, ${check!.b} bindings, depth ≤ ${check!.maxdepth}, levels ${sizes.join("/")}; ` +
        `hot distributor downline ${down}; ${thisMonth} paid orders in ${month} + ${lastMonth} last month; ${lap} (total ${((nowMs() - t0) / 1000).toFixed(1)} s)`,
    );
    if (check!.d !== n) throw new Error(`dataset has ${check!.d} distributors, expected ${n}`);
    return { tenantId, distributors: n, hotId, hotDownline: down, month, timeZone: tz, levelSizes: sizes };
  });
}

type OrderSpec = {
  tenantId: string;
  tz: string;
  distributors: number;
  thisMonth: number;
  lastMonth: number;
  /** Staging table (created here): id, g, buyer, paid_at, month, sales. */
  table: string;
  /** The order_uplines GIN index definition (dropped and re-created around the load); null: keep the index. */
  chainIdx: string | null;
  /** Order numbers start after this (unique per tenant). */
  offset: number;
  /** Paid now (the commission-throughput orders) instead of spread over the month. */
  paidNow?: boolean;
  /** Fraction of orders partly refunded (line 1 half refunded). */
  refundShare?: number;
};

/**
 * Paid orders bought by random distributors, with their lines and their
 * order_uplines row as captureUpline writes it. Returns nothing; the staging
 * table keeps (id, g, buyer, paid_at, month, sales = line totals − refunded).
 */
export async function createOrders(sql: postgres.Sql, o: OrderSpec): Promise<void> {
  const total = o.thisMonth + o.lastMonth;
  const refundShare = o.refundShare ?? 0.03;
  const monthStart = sql`(date_trunc('month', now() at time zone ${o.tz}) at time zone ${o.tz})`;
  const prevStart = sql`((date_trunc('month', now() at time zone ${o.tz}) - interval '1 month') at time zone ${o.tz})`;
  await sql.unsafe(`create unlogged table ${o.table} (id uuid primary key, g int not null, buyer uuid not null, paid_at timestamptz not null,
      month date, p1 int not null, q1 int not null, p2 int, q2 int, refund1 boolean not null, sales bigint)`);
  await sql`
    insert into ${sql(o.table)} (id, g, buyer, paid_at, p1, q1, p2, q2, refund1)
    select gen_random_uuid(), g, t.uid,
           ${o.paidNow ? sql`now()` : sql`case when g <= ${o.thisMonth}
                then ${monthStart} + random() * greatest(now() - interval '1 minute' - ${monthStart}, interval '1 second')
                else ${prevStart} + random() * (${monthStart} - ${prevStart} - interval '1 second') end`},
           1 + (random() * 99)::int, 1 + (random() * 2)::int,
           case when random() < 0.5 then 1 + (random() * 99)::int end, 1 + (random() * 2)::int,
           random() < ${refundShare}
      from (select g, (random() * ${o.distributors - 1})::int as bn from generate_series(1, ${total}) g) x
      join bench.dist_tree t on t.n = x.bn`;
  // Two lines of one order are two different SKUs.
  await sql.unsafe(`update ${o.table} set p2 = null, q2 = null where p2 = p1`);
  await sql.unsafe(`update ${o.table} set month = date_trunc('month', paid_at at time zone '${o.tz.replace(/'/g, "''")}')::date`);
  await sql.unsafe(`analyze ${o.table}`);

  await sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`set local maintenance_work_mem = '1GB'`;
    if (o.chainIdx) await tx`drop index order_uplines_chain_idx`;
    const stg = tx(o.table);
    // Lines (k = 1, 2) with their prices.
    await tx`
      create temp table dist_lines on commit drop as
      select s.id as order_id, l.k, gen_random_uuid() as line_id, p.product_id, p.sku_id, p.code, p.price_fen, p.cost_fen, l.q,
             p.price_fen * l.q as line_total,
             case when l.k = 1 and s.refund1 then (p.price_fen * l.q) / 2 else 0 end as refunded
        from ${stg} s
        cross join lateral (values (1, s.p1, s.q1), (2, s.p2, s.q2)) l(k, pk, q)
        join bench.dist_products p on p.k = l.pk
       where l.pk is not null`;
    await tx`
      update ${stg} s set sales = x.net
        from (select order_id, sum(line_total - refunded) as net from dist_lines group by order_id) x
       where x.order_id = s.id`;
    await tx`
      insert into orders (tenant_id, id, no, buyer_id, buyer_name, status, subtotal_fen, shipping_fen, total_fen, paid_fen, refunded_fen,
                          address, idempotency_key, expires_at, paid_at, created_at, updated_at)
      select ${o.tenantId}, s.id, 'B' || lpad((${o.offset} + s.g)::text, 12, '0'), s.buyer, 'Distributor', 'paid', x.total, 0, x.total, x.total, x.refunded,
             jsonb_build_object('name', 'Bench', 'phone', '13800000000', 'province', 'Zhejiang', 'city', 'Hangzhou', 'district', '', 'detail', 'Order ' || s.g),
             'bench-' || (${o.offset} + s.g), s.paid_at + interval '30 minutes', s.paid_at, s.paid_at - interval '1 minute', s.paid_at
        from ${stg} s
        join (select order_id, sum(line_total)::int as total, sum(refunded)::int as refunded from dist_lines group by order_id) x on x.order_id = s.id`;
    await tx`
      insert into order_lines (tenant_id, id, order_id, product_id, sku_id, product_name, sku_code, spec, unit_price_fen, unit_cost_fen, quantity, line_total_fen, refunded_fen)
      select ${o.tenantId}, line_id, order_id, product_id, sku_id, 'Bench product', code, '[]', price_fen, cost_fen, q, line_total, refunded
        from dist_lines`;
    // As captureUpline: buyer's level (active distributor), first three active ancestors, chain = buyer || path.
    await tx`
      insert into order_uplines (tenant_id, order_id, buyer_id, buyer_level, referrer_id, upline, chain, created_at)
      select ${o.tenantId}, s.id, s.buyer, me.level, b.referrer_id,
             coalesce((select jsonb_agg(jsonb_build_object('userId', a.user_id, 'distributorLevel', a.level) order by a.i)
                         from (select d.user_id, d.level, x.i
                                 from unnest(b.path) with ordinality x(uid, i)
                                 join distributors d on d.tenant_id = ${o.tenantId} and d.user_id = x.uid and d.status = 'active'
                                order by x.i limit 3) a), '[]'::jsonb),
             array[me.user_id] || coalesce(b.path, '{}'::uuid[]),
             s.paid_at - interval '1 minute'
        from ${stg} s
        join distributors me on me.tenant_id = ${o.tenantId} and me.user_id = s.buyer and me.status = 'active'
        left join referral_bindings b on b.tenant_id = ${o.tenantId} and b.user_id = s.buyer`;
    // As markPaid and applyRefundSucceeded: per chain member, + the lines' total, and − the refunded part (one refund).
    await tx`
      insert into team_sales_entries (tenant_id, member_id, month, order_id, entry, sales_fen)
      select ${o.tenantId}, m.member_id, s.month, s.id, e.entry, e.fen
        from ${stg} s
        join (select order_id, sum(line_total) as total, sum(refunded) as refunded from dist_lines group by order_id) x on x.order_id = s.id
        join order_uplines u on u.tenant_id = ${o.tenantId} and u.order_id = s.id
        cross join lateral unnest(u.chain) m(member_id)
        cross join lateral (select 'paid', x.total union all select md5(s.id::text), -x.refunded where x.refunded > 0) e(entry, fen)`;
    if (o.chainIdx) await tx.unsafe(o.chainIdx);
  });
  await sql`analyze orders, order_lines, order_uplines, team_sales_entries`;
  await sql.unsafe(`analyze ${o.table}`);
}

/**
 * After a bulk load, before timing: a checkpoint (else the checkpointer writes
 * the load's ~2 GB of dirty pages while the sub-millisecond benches run) and
 * no autovacuum worker busy on the new tables (waited for, at most 3 minutes).
 */
async function settle(ctx: BenchContext): Promise<void> {
  const t0 = nowMs();
  await ctx.sql`checkpoint`;
  let busy: string[] = [];
  for (;;) {
    busy = (await ctx.sql<{ q: string }[]>`
      select query as q from pg_stat_activity where backend_type = 'autovacuum worker' and datname = current_database()`).map((r) => r.q);
    if (!busy.length || nowMs() - t0 > 180_000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  ctx.log(`settle: checkpoint${busy.length ? `; autovacuum still busy after 3 min: ${busy.join("; ")}` : ", no autovacuum running"} (${((nowMs() - t0) / 1000).toFixed(1)} s)`);
}

/**
 * How the sub-millisecond reads are timed: `read` ITERATIONS times inside one
 * open tenant transaction (the transaction around a read, what tenant-tx
 * measures, would dominate it and is paid once per request anyway), after a
 * warm-up long enough for V8 to finish optimising the query path (500 calls
 * left compilation in the timed tail); then, for information, the whole
 * withTenant + read per call.
 */
export async function timeTenantReads(db: Db, tenantId: string, read: (tx: Tx, i: number) => Promise<void>, iterations = 5000): Promise<{ open: Summary; perRead: Summary }> {
  const open = summarize(await withTenant(db, tenantId, (tx) => timeEach(iterations, 3000, (i) => read(tx, i))));
  const perRead = summarize(await timeEach(2000, 200, (i) => withTenant(db, tenantId, (tx) => read(tx, i))));
  return { open, perRead };
}

/** Runs `fn` on the app's own database client (app_user, RLS), opened for it and closed after. */
export async function withAppDb<T>(ctx: BenchContext, fn: (db: Db) => Promise<T>, max = 1): Promise<T> {
  const database = await openDatabase({ kind: "postgres", url: ctx.url, max });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}
