import { openDatabase, pgClient, type Database } from "./client";
import { migrate } from "./migrate";

/**
 * A migrated database of its own for one test file: in-memory PGlite, or, when
 * DATABASE_URL is set, a fresh database on that server (dropped on close).
 */
export async function createTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const d = await openDatabase({ kind: "pglite" });
    await migrate(d);
    return d;
  }
  const name = `fx_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = pgClient(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  const d = await openDatabase({ kind: "postgres", url: u.toString(), max: 5 });
  await migrate(d);
  return {
    ...d,
    close: async () => {
      await d.close();
      const a = pgClient(url, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
