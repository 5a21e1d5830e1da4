import { and, eq } from "drizzle-orm";
import { openDatabase } from "../../packages/db/src/client";
import { withTenant } from "../../packages/db/src/context";
import { products } from "../../packages/db/src/schema";
import { ensureCatalogDataset, sampleProductKeys } from "../lib/dataset";
import { fmt, summarize, timeEach } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * p50 latency of one tenant transaction as the app runs it (packages/db/src/context.ts):
 *   begin;
 *   select set_config('role','app_user',true), set_config('app.tenant_id',$1,true), set_config('app.user_id','',true);
 *   select … from products where tenant_id = $1 and id = $2;   -- primary key, under RLS
 *   commit;
 * postgres-js, one connection, prepared statements (as the app's client), over
 * keys sampled from all tenants by size. 1 ms budget.
 * For information (stderr) the same transaction through the app's own
 * drizzle path (withTenant + a query-builder select) is timed as well.
 */
const ITERATIONS = 3000;
const WARMUP = 300;

let keys: { tenant_id: string; id: string }[] = [];

const bench: Bench = {
  name: "tenant-tx",
  unit: "ms",
  budget: 1,

  async setup(ctx: BenchContext) {
    await ensureCatalogDataset(ctx);
    keys = await sampleProductKeys(ctx.sql, ITERATIONS);
    if (keys.length < 100) throw new Error(`only ${keys.length} sample keys`);
  },

  async run(ctx: BenchContext) {
    const { sql } = ctx;
    const tx = async (i: number) => {
      const k = keys[i % keys.length]!;
      const rows = await sql.begin(async (t) => {
        await t`select set_config('role', 'app_user', true), set_config('app.tenant_id', ${k.tenant_id}, true), set_config('app.user_id', '', true)`;
        return t`select id, name, status, sort from products where tenant_id = ${k.tenant_id} and id = ${k.id}`;
      });
      if (rows.length !== 1) throw new Error(`expected 1 row for ${k.tenant_id}/${k.id} under RLS, got ${rows.length}`);
    };
    const samples = timeEach(ITERATIONS, WARMUP, tx);
    const s = summarize(await samples);
    ctx.log(`tenant-tx: postgres-js ${fmt(s)}`);
    await viaDrizzle(ctx).catch((e) => ctx.log(`tenant-tx: drizzle path not measured: ${e instanceof Error ? e.message : e}`));
    return s.p50;
  },
};

async function viaDrizzle(ctx: BenchContext) {
  const database = await openDatabase({ kind: "postgres", url: ctx.url, max: 1 });
  try {
    const samples = await timeEach(1000, 200, async (i) => {
      const k = keys[i % keys.length]!;
      const rows = await withTenant(database.db, k.tenant_id, (tx) =>
        tx
          .select({ id: products.id, name: products.name, status: products.status, sort: products.sort })
          .from(products)
          .where(and(eq(products.tenantId, k.tenant_id), eq(products.id, k.id))),
      );
      if (rows.length !== 1) throw new Error(`drizzle path: expected 1 row, got ${rows.length}`);
    });
    ctx.log(`tenant-tx: app's drizzle withTenant (info) ${fmt(summarize(samples))}`);
  } finally {
    await database.close();
  }
}

export default bench;
