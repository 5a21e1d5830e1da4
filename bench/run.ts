/**
 * Benchmark harness: `npm run bench [name…]`.
 *
 * Runs bench/benches/*.ts (all, or those named) against a fresh database,
 * migrated with the app's migrations, on DATABASE_URL's server, else on a
 * throwaway cluster (scripts/pg-cluster.sh) stopped at the end. Prints one
 * JSON line per figure on stdout, e.g.
 *   {"bench":"tenant-tx","value":0.41,"unit":"ms","budget":1,"ok":true}
 * diagnostics on stderr, and exits 1 if any figure is outside its budget (or
 * a bench threw). BENCH_KEEP=1 keeps the database (its URL goes to stderr).
 * BENCH_TENANTS / BENCH_ROWS shrink the shared dataset for a quick try
 * (budgets are meant for the defaults).
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type postgres from "postgres";
import { pgClient } from "../packages/db/src/client";
import { createBenchDatabase, redact, startServer, type Server } from "./lib/server";
import type { Bench, BenchContext, BenchResult } from "./lib/types";
import { round } from "./lib/stats";

const log = (...args: unknown[]) => console.error("[bench]", ...args);

async function loadBenches(): Promise<Bench[]> {
  const dir = path.join(import.meta.dirname, "benches");
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  const out: Bench[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as { default?: Bench; bench?: Bench };
    const b = mod.default ?? mod.bench;
    if (!b || typeof b.run !== "function" || !b.name) throw new Error(`bench/benches/${f} exports no bench ({name, unit, budget, setup?, run})`);
    out.push(b);
  }
  return out;
}

function withinBudget(b: Bench, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  return b.higherIsBetter ? value >= b.budget : value <= b.budget;
}

async function main(): Promise<number> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const all = await loadBenches();
  const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
  if (unknown.length) {
    log(`unknown bench(es): ${unknown.join(", ")}; have: ${all.map((b) => b.name).join(", ")}`);
    return 2;
  }
  const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;

  let server: Server | undefined;
  let db: Awaited<ReturnType<typeof createBenchDatabase>> | undefined;
  let sql: postgres.Sql | undefined;
  const stopServer = () => {
    try {
      server?.stop();
    } catch (e) {
      log("stopping the cluster failed:", e);
    }
  };
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      log(`${sig}: stopping`);
      stopServer();
      process.exit(130);
    });
  }

  let failures = 0;
  try {
    server = startServer(log);
    const t0 = Date.now();
    db = await createBenchDatabase(server.url);
    log(`database ${db.name} created and migrated in ${Date.now() - t0} ms`);
    sql = pgClient(db.url, { max: 1, prepare: true, onnotice: () => {} });
    const [v] = await sql<{ v: string }[]>`select version() as v`;
    log(v!.v);

    const memo = new Map<string, Promise<unknown>>();
    const ctx: BenchContext = {
      url: db.url,
      sql,
      log,
      once: <T>(key: string, make: () => Promise<T>) => {
        if (!memo.has(key)) memo.set(key, make());
        return memo.get(key) as Promise<T>;
      },
    };

    for (const b of selected) {
      const result: BenchResult = { bench: b.name, value: null, unit: b.unit, budget: b.budget, ok: false };
      if (b.higherIsBetter) result.higherIsBetter = true;
      try {
        const ts = Date.now();
        if (b.setup) await b.setup(ctx);
        const tr = Date.now();
        const value = await b.run(ctx);
        log(`${b.name}: setup ${((tr - ts) / 1000).toFixed(1)} s, run ${((Date.now() - tr) / 1000).toFixed(1)} s`);
        result.value = round(value, 4);
        result.ok = withinBudget(b, value);
      } catch (e) {
        result.error = e instanceof Error ? e.message : String(e);
        log(`${b.name} failed:`, e);
      }
      if (!result.ok) failures++;
      console.log(JSON.stringify(result));
    }
  } finally {
    await sql?.end({ timeout: 5 }).catch(() => {});
    if (db) {
      if (process.env.BENCH_KEEP === "1") log(`kept database: ${redact(db.url)}`);
      else await db.drop().catch((e) => log("dropping the bench database failed:", e));
    }
    if (process.env.BENCH_KEEP !== "1") stopServer();
    else if (server && !process.env.DATABASE_URL) log("BENCH_KEEP=1: the throwaway cluster is left running; stop it with scripts/pg-cluster.sh stop DIR");
  }
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log(e);
    process.exit(1);
  },
);
