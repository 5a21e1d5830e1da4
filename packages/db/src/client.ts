import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import * as schema from "./schema";
import { acquireDirLock } from "./lock";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  /** Human-readable location, for logs. */
  where: string;
  close(): Promise<void>;
};

export type OpenOptions =
  | { kind: "postgres"; url: string; max?: number }
  | { kind: "pglite"; dataDir?: string /* omitted: in memory */ };

/**
 * From the environment: DATABASE_URL → PostgreSQL, else PGlite under .data/.
 * `purpose: "app"` is the running app: it prefers DATABASE_APP_URL, a login
 * that is only a member of app_user, so not even an injected RESET ROLE can
 * reach the owner. Migrations and the seed keep DATABASE_URL (the owner).
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env, purpose: "admin" | "app" = "admin"): OpenOptions {
  const url = purpose === "app" ? env.DATABASE_APP_URL || env.DATABASE_URL : env.DATABASE_URL;
  if (url) return { kind: "postgres", url };
  return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR ?? ".data/pglite") };
}

/**
 * postgres-js options for a URL, with libpq's way of naming a Unix socket
 * directory (`postgres://user@localhost:5432/db?host=/var/run/postgresql`),
 * which postgres-js itself does not read: the query parameter becomes its
 * `path`. A same-host server is reached without the TCP loopback that way.
 */
export function connectionOf(url: string): { url: string; path?: string } {
  const u = new URL(url);
  const dir = u.searchParams.get("host");
  if (!dir?.startsWith("/")) return { url };
  u.searchParams.delete("host");
  return { url: u.toString(), path: `${dir}/.s.PGSQL.${u.port || "5432"}` };
}

/** A postgres-js client for a URL (connectionOf: a libpq-style socket directory is honoured). */
export function pgClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const c = connectionOf(url);
  return postgres(c.url, { ...options, ...(c.path ? { path: c.path } : {}) });
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === "postgres") {
    const client = pgClient(opts.url, { max: opts.max ?? 10, onnotice: () => {}, prepare: true });
    return {
      db: drizzlePostgres(preparing(client), { schema }) as unknown as Db,
      kind: "postgres",
      where: opts.url.replace(/:[^:@/]*@/, ":***@"),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const release = opts.dataDir ? acquireDirLock(opts.dataDir) : () => {};
  try {
    const client = await PGlite.create(opts.dataDir);
    return {
      db: drizzlePglite(client, { schema }) as unknown as Db,
      kind: "pglite",
      where: opts.dataDir ?? "memory",
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

type Sql = postgres.Sql;

/**
 * drizzle's postgres-js driver prepares only queries given a name (it passes
 * `{ prepare: false }` for the rest), so every app query would be parsed,
 * described and planned each time: an extra round trip per statement. This
 * makes every query use postgres-js's per-connection prepared statements, on
 * the pool and on transaction clients (`prepare: true` wins over drizzle's
 * option; before it did not, and a primary-key read cost 0.5 ms instead of
 * 0.2). Our SQL strings are mostly static shapes (an `in (…)` list or a
 * multi-row insert adds one per length), and postgres-js retires connections
 * after 30–60 minutes, so the per-connection statement cache stays bounded.
 * Plans stay custom (context.ts sets plan_cache_mode).
 */
function preparing<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      }
      if (prop === "begin") {
        return (...args: unknown[]) => {
          const fn = args[args.length - 1] as (tx: Sql) => unknown;
          return (target.begin as (...a: unknown[]) => unknown)(...args.slice(0, -1), (tx: Sql) => fn(preparing(tx)));
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

/** Rows of a raw `execute()`: PGlite returns { rows }, postgres-js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
