import { openDatabase, optionsFromEnv, type Database } from "../../db/src/client";

/**
 * One database per server process, opened on first use and kept across hot
 * reloads (globalThis) so the embedded PGlite directory is held by one owner.
 * Migrations and the demo seed run before the server starts (scripts/prepare-db.ts).
 */
const g = globalThis as unknown as { __fxDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  g.__fxDatabase ??= openDatabase(optionsFromEnv(process.env, "app")).then((d) => {
    console.log(`[db] app database: ${d.kind} ${d.where}`);
    return d;
  });
  return g.__fxDatabase;
}

export async function getDb() {
  return (await getDatabase()).db;
}
