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

/** From the environment: DATABASE_URL → PostgreSQL, else PGlite under .data/. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpenOptions {
  if (env.DATABASE_URL) return { kind: "postgres", url: env.DATABASE_URL };
  return { kind: "pglite", dataDir: path.resolve(/*turbopackIgnore: true*/ env.PGLITE_DIR ?? ".data/pglite") };
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === "postgres") {
    const client = postgres(opts.url, { max: opts.max ?? 10, onnotice: () => {}, prepare: true });
    return {
      db: drizzlePostgres(client, { schema }) as unknown as Db,
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

/** Rows of a raw `execute()`: PGlite returns { rows }, postgres-js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
