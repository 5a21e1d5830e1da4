/**
 * The transaction every request runs in (client.ts wraps postgres-js's so
 * its statements are prepared). Runs on PGlite, and on PostgreSQL when
 * DATABASE_URL is set.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf, type Database } from "../src/client";
import { createTestDatabase } from "../src/testing";

let database: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.execute(sql`create table tx_probe (id int primary key)`);
});
afterAll(async () => {
  await database?.close();
});

const setting = async (q: Parameters<Database["db"]["execute"]>[0]) => rowsOf<{ v: string | null }>(await database.db.execute(q))[0]?.v;
const probes = async () => rowsOf<{ id: number }>(await database.db.execute(sql`select id from tx_probe order by id`)).map((r) => r.id);

describe("a transaction", () => {
  test("its first statement already runs inside it: a transaction-local setting holds for the next, and is gone after commit", async () => {
    const seen = await database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('app.probe', 'inside', true)`);
      return rowsOf<{ v: string }>(await tx.execute(sql`select current_setting('app.probe', true) as v`))[0]?.v;
    });
    expect(seen).toBe("inside");
    expect(await setting(sql`select nullif(current_setting('app.probe', true), '') as v`)).toBeNull();
  });

  test("commits all its writes, or none when the callback throws or a statement fails", async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe values (1)`);
      await tx.execute(sql`insert into tx_probe values (2)`);
    });
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (3)`);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(sql`insert into tx_probe values (4)`);
        await tx.execute(sql`insert into tx_probe values (1)`); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await probes()).toEqual([1, 2]);
  });

  test("concurrent transactions each see only their own uncommitted writes", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const writer = database.db.transaction(async (tx) => {
      await tx.execute(sql`insert into tx_probe values (10)`);
      await gate;
      return rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from tx_probe where id = 10`))[0]?.n;
    });
    // PGlite has one connection (transactions queue); only a server shows the other side mid-transaction.
    if (database.kind === "postgres") {
      await new Promise((r) => setTimeout(r, 50));
      expect(rowsOf<{ n: number }>(await database.db.execute(sql`select count(*)::int as n from tx_probe where id = 10`))[0]?.n).toBe(0);
    }
    release();
    expect(await writer).toBe(1);
    expect(await probes()).toContain(10);
  });
});
