import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { rowsOf, type Database } from "./client";
import { withTenant } from "./context";
import { backfillLedger } from "./queries/ledger";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../../drizzle");

/** Applies drizzle/ (as the connecting owner role), then re-secures every table. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === "pglite") {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePglite(database.db as any, config);
  } else {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await migratePostgres(database.db as any, config);
  }
  await database.db.execute(sql`select app_private.secure_tables()`);
  // Commission from before the ledger (drizzle/0033) is posted to it once; afterwards each shop has nothing to do.
  const tenants = rowsOf<{ id: string }>(await database.db.execute(sql`select id::text from tenants`));
  for (const t of tenants) await withTenant(database.db, t.id, (tx) => backfillLedger(tx, t.id));
}
