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

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === "postgres") {
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, prepare: true });
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
 * drizzle's postgres-js driver prepares only queries given a name, so every
 * app query would be parsed and planned (with its RLS rewrite) each time.
 * This makes unnamed ones use postgres-js's per-connection prepared
 * statements too, on the pool and on transaction clients. Our SQL strings are
 * static shapes, so the per-connection statement cache stays small.
 */
function preparing<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown[], options?: { prepare?: boolean }) =>
          target.unsafe(query, params as never, { prepare: true, ...options });
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
