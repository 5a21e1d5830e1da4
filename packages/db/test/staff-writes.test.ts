/**
 * Shoppers are not staff at the database level (review M1, drizzle/0024).
 * For every staff-owned table (STAFF_WRITE_TABLES; the catalog test makes
 * each new tenant table pick a side), a shopper's storefront transaction, and
 * a signed-in non-member's, can neither insert, change nor delete its rows of
 * the very shop it is in; staff and the system (jobs, webhooks) can. A
 * checkout still moves stock, and nothing else of a SKU.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf, type Database, type Db, type Tx } from "../src/client";
import { withContext, type DbContext } from "../src/context";
import { STAFF_WRITE_TABLES } from "../src/schema";
import { seedDemo } from "../src/seed";
import { createTestDatabase } from "../src/testing";

const database: Database = await createTestDatabase();
const db: Db = database.db;
let seed: Awaited<ReturnType<typeof seedDemo>>;

const ident = (t: string) => sql.raw(`"${t}"`);
const truth = async <T>(q: SQL) => rowsOf<T>(await db.execute(q));

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}
function sqlState(e: unknown): string | undefined {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}
/** Runs `q` in a context transaction that is always rolled back: the rows it returned, or its SQLSTATE. */
async function attempt<T>(ctx: DbContext, q: SQL): Promise<{ ok: true; rows: T[] } | { ok: false; code: string | undefined }> {
  try {
    await withContext(db, ctx, async (tx: Tx) => {
      throw new Rollback(rowsOf<T>(await tx.execute(q)));
    });
  } catch (e) {
    if (e instanceof Rollback) return { ok: true, rows: e.value as T[] };
    return { ok: false, code: sqlState(e) };
  }
  throw new Error("unreachable");
}
const count = async (ctx: DbContext, q: SQL) => {
  const r = await attempt<{ n: number }>(ctx, sql`with w as (${q} returning 1) select count(*)::int as n from w`);
  return r.ok ? r.rows[0]!.n : `error ${r.code}`;
};

/** Tables with tenant_id among the staff-owned ones (tenants itself is keyed by id). */
const KEYED = STAFF_WRITE_TABLES.filter((t) => t !== "tenants");

beforeAll(async () => {
  seed = await seedDemo(db);
  await db.execute(sql`insert into tenant_domains (domain, tenant_id) values ('shop.staff-writes.test', ${seed.teaId}) on conflict do nothing`);
});
afterAll(async () => {
  await database.close();
});

describe.each(KEYED)("staff-owned table %s", (table) => {
  const shopper = (): DbContext => ({ storefront: "tea", userId: seed.shopperId });
  const outsider = (): DbContext => ({ tenantId: seed.teaId, userId: seed.shopperId });
  const staff = (): DbContext => ({ tenantId: seed.teaId, userId: seed.ownerId });
  const system = (): DbContext => ({ tenantId: seed.teaId });
  // A change that is a change (a no-op update of a SKU is only a stock move).
  const change = () => (table === "product_skus" ? sql`update product_skus set price_fen = price_fen + 1 where tenant_id = ${seed.teaId}` : sql`update ${ident(table)} set tenant_id = tenant_id where tenant_id = ${seed.teaId}`);

  test("the shop has rows in it (otherwise the checks below are vacuous)", async () => {
    const [r] = await truth<{ n: number }>(sql`select count(*)::int as n from ${ident(table)} where tenant_id = ${seed.teaId}`);
    expect(r!.n).toBeGreaterThan(0);
  });

  test("a shopper in the shop, or a signed-in non-member, changes, deletes and inserts nothing", async () => {
    const [row] = await truth<{ j: unknown }>(sql`select row_to_json(t) as j from ${ident(table)} t where tenant_id = ${seed.teaId} limit 1`);
    const json = typeof row!.j === "string" ? row!.j : JSON.stringify(row!.j);
    for (const ctx of [shopper(), outsider()]) {
      const changed = await count(ctx, change());
      expect([0, "error 42501"]).toContain(changed);
      expect([0, "error 42501"]).toContain(await count(ctx, sql`delete from ${ident(table)} where tenant_id = ${seed.teaId}`));
      const inserted = await attempt(ctx, sql`insert into ${ident(table)} select * from json_populate_record(null::${ident(table)}, ${json}::json)`);
      expect(inserted).toEqual({ ok: false, code: "42501" });
    }
  });

  test("staff of the shop and the system may write it", async () => {
    const appendOnly = (await truth<{ ok: boolean }>(sql`select not has_table_privilege('app_user', ${`public.${table}`}, 'UPDATE') as ok`))[0]!.ok;
    if (appendOnly) {
      // An append-only table (the access log): staff add rows.
      const [row] = await truth<{ j: unknown }>(sql`select row_to_json(t) as j from ${ident(table)} t where tenant_id = ${seed.teaId} limit 1`);
      const json = typeof row!.j === "string" ? row!.j : JSON.stringify(row!.j);
      // A new key: a new id, or the next number where rows are numbered (releases' version).
      const key = "version" in (JSON.parse(json) as object) ? sql`jsonb_build_object('version', (select max(version) + 1 from ${ident(table)} where tenant_id = ${seed.teaId}))` : sql`jsonb_build_object('id', gen_random_uuid())`;
      const fresh = sql`insert into ${ident(table)} select * from json_populate_record(null::${ident(table)}, (${json}::jsonb || ${key})::json)`;
      expect(await count(staff(), fresh)).toBe(1);
      expect(await count(system(), fresh)).toBe(1);
      return;
    }
    expect(await count(staff(), change())).toBeGreaterThan(0);
    expect(await count(system(), change())).toBeGreaterThan(0);
  });
});

describe("the tenant row, memberships and stock", () => {
  test("a shopper cannot rename the shop or make themselves its owner", async () => {
    const ctx: DbContext = { storefront: "tea", userId: seed.shopperId };
    expect(await count(ctx, sql`update tenants set name = 'taken' where id = ${seed.teaId}`)).toBe(0);
    const joined = await attempt(ctx, sql`insert into memberships (tenant_id, user_id, role) values (${seed.teaId}, ${seed.shopperId}, 'owner')`);
    expect(joined).toEqual({ ok: false, code: "42501" });
    expect(await count(ctx, sql`update memberships set role = 'viewer' where tenant_id = ${seed.teaId}`)).toBe(0);
    const [t] = await truth<{ name: string }>(sql`select name from tenants where id = ${seed.teaId}`);
    expect(t!.name).not.toBe("taken");
  });

  test("an owner may rename the shop", async () => {
    expect(await count({ tenantId: seed.teaId, userId: seed.ownerId }, sql`update tenants set name = name where id = ${seed.teaId}`)).toBe(1);
  });

  test("a checkout moves a SKU's stock, and only its stock", async () => {
    const ctx: DbContext = { storefront: "tea", userId: seed.shopperId };
    const [sku] = await truth<{ id: string }>(sql`select id from product_skus where tenant_id = ${seed.teaId} and stock > 0 limit 1`);
    expect(await count(ctx, sql`update product_skus set stock = stock - 1 where tenant_id = ${seed.teaId} and id = ${sku!.id}`)).toBe(1);
    expect(await count(ctx, sql`update product_skus set stock = stock - 1, cost_fen = 0 where tenant_id = ${seed.teaId} and id = ${sku!.id}`)).toBe("error 42501");
  });
});
