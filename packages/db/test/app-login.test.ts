import { afterAll, beforeAll, describe, expect, it } from "vitest";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { openDatabase, rowsOf, type Database } from "../src/client";
import { withContext } from "../src/context";
import { createTestDatabase } from "../src/testing";
import { seedDemo } from "../src/seed";

/**
 * DATABASE_APP_URL: the app logs in as a role that is only a member of
 * app_user. Only meaningful on a real server (PGlite has one superuser).
 */
const onServer = Boolean(process.env.DATABASE_URL);

describe.skipIf(!onServer)("the app's own login (DATABASE_APP_URL) on PostgreSQL", () => {
  let owner: Database;
  let app: Database;
  let raw: postgres.Sql;
  let teaId: string;
  const login = `fx_app_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    owner = await createTestDatabase();
    teaId = (await seedDemo(owner.db)).teaId;
    const dbName = rowsOf<{ d: string }>(await owner.db.execute(sql`select current_database() as d`))[0]!.d;
    await owner.db.execute(sql.raw(`create role ${login} login in role app_user`));
    const u = new URL(process.env.DATABASE_URL!);
    u.username = login;
    u.password = "";
    u.pathname = `/${dbName}`;
    app = await openDatabase({ kind: "postgres", url: u.toString(), max: 2 });
    raw = postgres(u.toString(), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await raw?.end();
    await app?.close();
    await owner.db.execute(sql.raw(`drop role if exists ${login}`)).catch(() => {});
    await owner?.close();
  });

  it("works through withContext like any app connection", async () => {
    const names = await withContext(app.db, { tenantId: teaId }, async (tx) =>
      rowsOf<{ name: string; who: string }>(await tx.execute(sql`select t.name, current_user as who from tenants t`)),
    );
    expect(names).toEqual([{ name: "青山茶舍", who: "app_user" }]);
  });

  it("sees no tenant rows outside a tenant context, even without switching role", async () => {
    const [r] = await raw`select (select count(*) from products)::int as products, (select count(*) from tenants)::int as tenants`;
    expect(r).toEqual({ products: 0, tenants: 0 });
  });

  it("cannot become the owner or reach the admin functions", async () => {
    const dbOwner = (await raw`select pg_get_userbyid(datdba) as o from pg_database where datname = current_database()`)[0]!.o as string;
    await expect(raw.unsafe(`set role "${dbOwner}"`)).rejects.toMatchObject({ code: "42501" });
    await expect(raw.unsafe(`set role postgres`)).rejects.toMatchObject({ code: "42501" });
    await expect(raw`select app_admin.set_platform_operator(gen_random_uuid(), true)`).rejects.toMatchObject({ code: "42501" });
    await expect(raw`alter table products disable row level security`).rejects.toMatchObject({ code: "42501" });
  });
});
