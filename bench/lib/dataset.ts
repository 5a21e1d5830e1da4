import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import type { BenchContext } from "./types";
import { nowMs } from "./stats";

/**
 * Dataset helpers for benches. Two ways to load rows fast:
 *  - copyRows: COPY … FROM STDIN of rows made in JS (thousands to ~1M rows);
 *  - server-side generate_series (insertProducts below): millions of rows
 *    without shipping them over the wire.
 * Load as the owner (superuser, which bypasses RLS) on the bench database.
 */

/** COPY rows into table(columns) in text format. Values: null → \N; objects → JSON. */
export async function copyRows(
  sql: postgres.Sql,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]> | AsyncIterable<readonly unknown[]>,
): Promise<number> {
  const ident = (s: string) => s.split(".").map((p) => `"${p.replaceAll('"', '""')}"`).join(".");
  const stream = await sql.unsafe(`copy ${ident(table)} (${columns.map(ident).join(", ")}) from stdin`).writable();
  let n = 0;
  let buf = "";
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (stream.write(chunk)) resolve();
      else {
        stream.once("drain", resolve);
        stream.once("error", reject);
      }
    });
  for await (const row of rows as AsyncIterable<readonly unknown[]>) {
    buf += row.map(copyValue).join("\t") + "\n";
    n++;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = "";
    }
  }
  if (buf) await write(buf);
  await new Promise<void>((resolve, reject) => {
    stream.once("finish", resolve);
    stream.once("error", reject);
    stream.end();
  });
  return n;
}

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v instanceof Date ? v.toISOString() : String(v);
  return s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/**
 * Row counts for `tenants` tenants sharing `total` rows: tenant 0 (the hot one)
 * gets hotShare of them, the others share the rest by a Zipf-like weight
 * rank^-exponent (default 0.7: the 2nd-largest ~4%, the smallest a few hundred).
 */
export function skewedCounts(total: number, tenants: number, hotShare = 0.1, exponent = 0.7): number[] {
  const hot = Math.round(total * hotShare);
  const rest = total - hot;
  const weights = Array.from({ length: tenants - 1 }, (_, i) => Math.pow(i + 1, -exponent));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = [hot, ...weights.map((w) => Math.floor((rest * w) / sum))];
  const short = total - counts.reduce((a, b) => a + b, 0);
  if (tenants > 1) counts[1]! += short; // rounding remainder to the second-largest
  return counts;
}

export type CatalogDataset = {
  tenants: number;
  rows: number;
  /** The largest tenant (hotShare of all rows). */
  hotTenantId: string;
  hotRows: number;
};

export type CatalogOptions = { tenants?: number; rows?: number; hotShare?: number };

/**
 * 1,000 tenants and 1,000,000 products (defaults; BENCH_TENANTS / BENCH_ROWS
 * override) in the real `products` table, the largest tenant holding 10%, the
 * rest skewed. Only the NOT NULL columns plus status/sort are filled: status
 * 60% on_sale / 30% draft / 10% off, sort random. Then VACUUM ANALYZE.
 * Memoized per run: every bench that calls it shares one dataset.
 * Sizes per tenant are kept in bench.tenant_sizes (tenant_id, rank, n).
 */
export function ensureCatalogDataset(ctx: BenchContext, opts: CatalogOptions = {}): Promise<CatalogDataset> {
  const tenants = opts.tenants ?? Number(process.env.BENCH_TENANTS ?? 1000);
  const rows = opts.rows ?? Number(process.env.BENCH_ROWS ?? 1_000_000);
  const hotShare = opts.hotShare ?? 0.1;
  return ctx.once(`catalog:${tenants}:${rows}:${hotShare}`, async () => {
    const { sql } = ctx;
    const t0 = nowMs();
    const counts = skewedCounts(rows, tenants, hotShare);
    const ids = counts.map(() => randomUUID());

    await sql`create schema if not exists bench`;
    await sql`create table bench.tenant_sizes (tenant_id uuid primary key, rank int not null, n int not null)`;
    await copyRows(
      sql,
      "tenants",
      ["id", "slug", "name", "template", "theme"],
      ids.map((id, i) => [id, `bench-${i + 1}`, `Bench tenant ${i + 1}`, "tea", {}]),
    );
    await copyRows(
      sql,
      "bench.tenant_sizes",
      ["tenant_id", "rank", "n"],
      ids.map((id, i) => [id, i + 1, counts[i]]),
    );
    const t1 = nowMs();

    // Rows are consistent by construction; skip the per-row FK trigger checks
    // (products → tenants) for the bulk load, as pg_restore would.
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`
        insert into products (tenant_id, id, name, status, sort)
        select s.tenant_id, gen_random_uuid(), 'Product ' || s.rank || '-' || g,
               case when g % 10 < 6 then 'on_sale' when g % 10 < 9 then 'draft' else 'off' end,
               (random() * 100000)::int
          from bench.tenant_sizes s
          cross join lateral generate_series(1, s.n) g`;
    });
    const t2 = nowMs();
    await sql`vacuum analyze tenants, products`;
    const t3 = nowMs();
    const [check] = await sql<{ n: number; hot: number }[]>`
      select count(*)::int as n, count(*) filter (where tenant_id = ${ids[0]!})::int as hot from products`;
    ctx.log(
      `dataset: ${tenants} tenants, ${check!.n} products (hot tenant ${check!.hot}, 2nd ${counts[1]}, smallest ${counts[counts.length - 1]}); ` +
        `tenants ${(t1 - t0).toFixed(0)} ms, products ${((t2 - t1) / 1000).toFixed(1)} s, vacuum analyze ${((t3 - t2) / 1000).toFixed(1)} s`,
    );
    if (check!.n !== rows) throw new Error(`dataset has ${check!.n} rows, expected ${rows}`);
    return { tenants, rows, hotTenantId: ids[0]!, hotRows: counts[0]! };
  });
}

/** A reproducible sample of real (tenant_id, id) product keys, spread over tenants by their size. */
export async function sampleProductKeys(sql: postgres.Sql, n: number): Promise<{ tenant_id: string; id: string }[]> {
  const [{ total }] = (await sql<{ total: number }[]>`select count(*)::int as total from products`) as unknown as [{ total: number }];
  const pct = Math.min(100, ((n * 1.5) / Math.max(total, 1)) * 100);
  const rows = await sql<{ tenant_id: string; id: string }[]>`
    select tenant_id, id from products tablesample bernoulli (${pct}) repeatable (42) limit ${n}`;
  return [...rows];
}
