/**
 * Tenant isolation by row-level security (PRODUCT.md §2.3), table by table.
 *
 * Tenant tables are discovered from the catalog (tenant_id column, not in
 * GLOBAL_TABLES), so a table added later is covered here without editing this
 * file, and the test fails until the seed puts rows for two tenants into it.
 *
 * "Truth" reads use db.execute outside withContext: the connecting owner role,
 * which is not subject to the app_user policies.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf, type Database, type Db, type Tx } from "../src/client";
import { withContext, type DbContext } from "../src/context";
import { resolveTenant } from "../src/queries/tenants";
import { GLOBAL_TABLES } from "../src/schema";
import { seedDemo } from "../src/seed";
import { createTestDatabase } from "../src/testing";

// test.each needs the table list when the file is collected, before beforeAll runs,
// so this file's one database is opened at module level (top-level await) and
// closed in afterAll; beforeAll seeds it.
const database: Database = await createTestDatabase();
const db: Db = database.db;
let seed: Awaited<ReturnType<typeof seedDemo>>;

const TENANT_TABLES: string[] = rowsOf<{ name: string }>(
  await db.execute(sql`
    select c.relname::text as name
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by 1`),
)
  .map((r) => r.name)
  .filter((n) => !(GLOBAL_TABLES as readonly string[]).includes(n));

const ident = (t: string) => sql.raw(`"${t.replace(/"/g, '""')}"`);

async function truth<T>(q: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(q));
}

async function as<T>(ctx: DbContext, q: SQL): Promise<T[]> {
  return withContext(db, ctx, async (tx: Tx) => rowsOf<T>(await tx.execute(q)));
}

/** The SQLSTATE of a failed statement, looking through driver / drizzle wrappers. */
function sqlState(e: unknown): string | undefined {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

function messages(e: unknown): string {
  const out: string[] = [];
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) out.push(String((c as { message?: unknown }).message ?? c));
  return out.join(" | ");
}

/** Runs `q` in its own context transaction and returns the error it must raise. */
async function failure(ctx: DbContext, q: SQL): Promise<{ code: string | undefined; message: string }> {
  try {
    await as(ctx, q);
  } catch (e) {
    return { code: sqlState(e), message: messages(e) };
  }
  throw new Error("expected the statement to fail, but it succeeded");
}

class Rollback extends Error {
  constructor(readonly value: unknown) {
    super("rollback");
  }
}

/** Runs `fn` in a context transaction that is always rolled back; reports its value or its SQLSTATE. */
async function attempt<T>(ctx: DbContext, fn: (tx: Tx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string | undefined; message: string }> {
  try {
    await withContext(db, ctx, async (tx) => {
      throw new Rollback(await fn(tx));
    });
  } catch (e) {
    if (e instanceof Rollback) return { ok: true, value: e.value as T };
    return { ok: false, code: sqlState(e), message: messages(e) };
  }
  throw new Error("unreachable");
}

/** Count and a fingerprint of a tenant's rows (contents and row versions), read as owner. */
async function snapshot(table: string, tenantId: string) {
  const [r] = await truth<{ n: number; fp: string | null }>(sql`
    select count(*)::int as n,
           md5(coalesce(string_agg(x.v, E'\n' order by x.v), '')) as fp
      from (select t::text || '@' || t.xmin::text as v from ${ident(table)} t where t.tenant_id = ${tenantId}) x`);
  return r!;
}

async function tenantsWithRows(table: string) {
  return truth<{ tenant_id: string; n: number }>(
    sql`select tenant_id::text as tenant_id, count(*)::int as n from ${ident(table)} group by tenant_id order by n desc, tenant_id`,
  );
}

async function appUserMay(table: string, privilege: "UPDATE" | "DELETE" | "INSERT") {
  const [r] = await truth<{ ok: boolean }>(sql`select has_table_privilege('app_user', ${`public.${table}`}, ${privilege}) as ok`);
  return r!.ok;
}

/** Two tenants with rows in the table: A acts, B is the victim. */
async function pair(table: string) {
  const owners = await tenantsWithRows(table);
  if (owners.length < 2) {
    throw new Error(
      `Table "${table}" has rows for ${owners.length} tenant(s) after seedDemo(); the isolation test needs two. ` +
        `Add rows for at least two tenants (e.g. tea and beauty) to packages/db/src/seed.ts.`,
    );
  }
  return { A: owners[0]!.tenant_id, B: owners[1]!.tenant_id };
}

beforeAll(async () => {
  seed = await seedDemo(db);
  // A custom domain, so that tenant_domains has a row whose invisibility means something.
  await db.execute(sql`insert into tenant_domains (domain, tenant_id, status) values ('shop.qingshan-tea.cn', ${seed.teaId}, 'verified')`);
});

afterAll(async () => {
  await database.close();
});

test("the catalog lists tenant tables (otherwise every per-table test below is vacuous)", () => {
  expect(TENANT_TABLES.length).toBeGreaterThan(0);
  // The tables of the first migration; later ones add to the list.
  expect(TENANT_TABLES).toEqual(expect.arrayContaining(["categories", "products", "product_skus", "invitations", "audit_log", "distributors"]));
});

describe.each(TENANT_TABLES)("tenant table %s", (table) => {
  test("(a) the seed left rows for at least two tenants", async () => {
    const owners = await tenantsWithRows(table);
    expect(
      owners.length,
      `Table "${table}" has rows for ${owners.length} tenant(s) after seedDemo(); seed it for at least two tenants in packages/db/src/seed.ts`,
    ).toBeGreaterThanOrEqual(2);
  });

  test("(b) tenant A reads exactly its own rows and none of B's", async () => {
    const { A, B } = await pair(table);
    const a = await snapshot(table, A);
    const [r] = await as<{ total: number; of_b: number; foreign: number }>(
      { tenantId: A },
      sql`select count(*)::int as total,
                 count(*) filter (where tenant_id = ${B})::int as of_b,
                 count(*) filter (where tenant_id <> ${A})::int as "foreign"
            from ${ident(table)}`,
    );
    expect(r).toEqual({ total: a.n, of_b: 0, foreign: 0 });
    // And the explicit filter for B returns nothing.
    const [direct] = await as<{ n: number }>({ tenantId: A }, sql`select count(*)::int as n from ${ident(table)} where tenant_id = ${B}`);
    expect(direct!.n).toBe(0);
  });

  test("(c) without a tenant context no row is visible (anonymous, or signed in without a tenant)", async () => {
    const [all] = await truth<{ n: number }>(sql`select count(*)::int as n from ${ident(table)}`);
    expect(all!.n).toBeGreaterThan(0);
    const [anon] = await as<{ n: number }>({}, sql`select count(*)::int as n from ${ident(table)}`);
    expect(anon!.n).toBe(0);
    const [user] = await as<{ n: number }>({ userId: seed.ownerId }, sql`select count(*)::int as n from ${ident(table)}`);
    expect(user!.n).toBe(0);
  });

  test("(d) tenant A's UPDATE and DELETE aimed at B's rows affect nothing", async () => {
    const { A, B } = await pair(table);
    const before = await snapshot(table, B);

    if (await appUserMay(table, "UPDATE")) {
      const [u] = await as<{ n: number }>(
        { tenantId: A },
        sql`with u as (update ${ident(table)} set tenant_id = tenant_id where tenant_id = ${B} returning 1) select count(*)::int as n from u`,
      );
      expect(u!.n).toBe(0);
    } else {
      // Append-only for app_user: refused outright.
      const f = await failure({ tenantId: A }, sql`update ${ident(table)} set tenant_id = tenant_id where tenant_id = ${B}`);
      expect(f.code).toBe("42501");
    }

    if (await appUserMay(table, "DELETE")) {
      const [d] = await as<{ n: number }>(
        { tenantId: A },
        sql`with d as (delete from ${ident(table)} where tenant_id = ${B} returning 1) select count(*)::int as n from d`,
      );
      expect(d!.n).toBe(0);
    } else {
      const f = await failure({ tenantId: A }, sql`delete from ${ident(table)} where tenant_id = ${B}`);
      expect(f.code).toBe("42501");
    }

    // The fingerprint includes each row's xmin: even a no-op update of B's rows would show.
    expect(await snapshot(table, B)).toEqual(before);
  });

  test("(e) tenant A cannot insert a row for tenant B (42501, row-level security)", async () => {
    const { A, B } = await pair(table);
    const before = await snapshot(table, B);
    const [row] = await truth<{ j: unknown }>(sql`select row_to_json(t) as j from ${ident(table)} t where tenant_id = ${B} limit 1`);
    const json = typeof row!.j === "string" ? row!.j : JSON.stringify(row!.j);
    const f = await failure(
      { tenantId: A, userId: seed.ownerId },
      sql`insert into ${ident(table)} select * from json_populate_record(null::${ident(table)}, ${json}::json)`,
    );
    expect(f.code, f.message).toBe("42501");
    expect(f.message).toMatch(/row-level security/);
    expect(await snapshot(table, B)).toEqual(before);
  });

  test("(f) tenant A cannot move one of its rows to tenant B", async () => {
    const { A, B } = await pair(table);
    const a = await snapshot(table, A);
    const b = await snapshot(table, B);
    const f = await failure(
      { tenantId: A },
      sql`update ${ident(table)} set tenant_id = ${B}
           where ctid = (select ctid from ${ident(table)} where tenant_id = ${A} limit 1)`,
    );
    expect(f.code, f.message).toBe("42501");
    if (await appUserMay(table, "UPDATE")) expect(f.message).toMatch(/row-level security/);
    expect(await snapshot(table, A)).toEqual(a);
    expect(await snapshot(table, B)).toEqual(b);
  });

  test("(g) a context switch inside one transaction follows the new tenant", async () => {
    // The app re-targets a transaction with setContext (createTenant, agency overview):
    // the visible rows must follow app.tenant_id, not whatever was read first.
    const { A, B } = await pair(table);
    const a = await snapshot(table, A);
    const b = await snapshot(table, B);
    const seen = await withContext(db, { tenantId: A }, async (tx) => {
      const first = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${ident(table)}`))[0]!.n;
      await tx.execute(sql`select set_config('app.tenant_id', ${B}, true)`);
      const second = rowsOf<{ n: number; foreign: number }>(
        await tx.execute(sql`select count(*)::int as n, count(*) filter (where tenant_id <> ${B})::int as "foreign" from ${ident(table)}`),
      )[0]!;
      return { first, second };
    });
    expect(seen).toEqual({ first: a.n, second: { n: b.n, foreign: 0 } });
  });
});

describe("global tables", () => {
  const GUARDED = ["users", "memberships", "tenants", "agencies", "agency_members", "tenant_domains"] as const;

  test.each(GUARDED)("%s: no row is visible without a user or tenant context", async (table) => {
    const [all] = await truth<{ n: number }>(sql`select count(*)::int as n from ${ident(table)}`);
    expect(all!.n, `the seed should leave rows in ${table}`).toBeGreaterThan(0);
    const [anon] = await as<{ n: number }>({}, sql`select count(*)::int as n from ${ident(table)}`);
    expect(anon!.n).toBe(0);
  });

  test("a user sees only their own memberships (none of other users', none of other tenants')", async () => {
    const [all] = await truth<{ n: number }>(sql`select count(*)::int as n from memberships`);
    for (const userId of [seed.ownerId, seed.agencyUserId, seed.shopperId]) {
      const own = await truth<{ tenant_id: string; role: string }>(
        sql`select tenant_id::text as tenant_id, role from memberships where user_id = ${userId} order by tenant_id`,
      );
      const seen = await as<{ user_id: string; tenant_id: string; role: string }>(
        { userId },
        sql`select user_id::text as user_id, tenant_id::text as tenant_id, role from memberships order by tenant_id`,
      );
      expect(own.length).toBeLessThan(all!.n);
      expect(seen.map((m) => m.user_id).every((u) => u === userId)).toBe(true);
      expect(seen.map(({ tenant_id, role }) => ({ tenant_id, role }))).toEqual(own);
    }
  });

  test("a user sees their own profile and no other user's", async () => {
    const seen = await as<{ id: string }>({ userId: seed.shopperId }, sql`select id::text as id from users`);
    expect(seen).toEqual([{ id: seed.shopperId }]);
  });

  test("a signed-in user sees only the tenants they can enter", async () => {
    const seen = await as<{ id: string }>({ userId: seed.ownerId }, sql`select id::text as id from tenants order by id`);
    expect(seen.map((r) => r.id)).toEqual([seed.teaId]);
    const agency = await as<{ id: string }>({ userId: seed.agencyUserId }, sql`select id::text as id from tenants order by id`);
    expect(agency.map((r) => r.id).sort()).toEqual([seed.beautyId, seed.freshId].sort());
  });

  test("tenant A's context does not reveal B's custom domains or members", async () => {
    const domains = await as<{ n: number }>({ tenantId: seed.beautyId }, sql`select count(*)::int as n from tenant_domains`);
    expect(domains[0]!.n).toBe(0);
    const members = await as<{ tenant_id: string }>({ tenantId: seed.beautyId }, sql`select distinct tenant_id::text as tenant_id from memberships`);
    expect(members).toEqual([{ tenant_id: seed.beautyId }]);
  });

  test("tenant A cannot map a custom domain to tenant B", async () => {
    const f = await failure(
      { tenantId: seed.beautyId, userId: seed.agencyUserId },
      sql`insert into tenant_domains (domain, tenant_id) values ('hijack.example.com', ${seed.teaId})`,
    );
    expect(f.code, f.message).toBe("42501");
    const [r] = await truth<{ n: number }>(sql`select count(*)::int as n from tenant_domains where domain = 'hijack.example.com'`);
    expect(r!.n).toBe(0);
  });

  test("tenant A cannot make itself a member of tenant B", async () => {
    const f = await failure(
      { tenantId: seed.beautyId, userId: seed.agencyUserId },
      sql`insert into memberships (tenant_id, user_id, role) values (${seed.teaId}, ${seed.agencyUserId}, 'owner')`,
    );
    expect(f.code, f.message).toBe("42501");
    const [r] = await truth<{ n: number }>(sql`select count(*)::int as n from memberships where tenant_id = ${seed.teaId} and user_id = ${seed.agencyUserId}`);
    expect(r!.n).toBe(0);
  });

  test("app_private.resolve_tenant works with no context (the one public read), by slug and by custom domain", async () => {
    const bySlug = await withContext(db, {}, (tx) => resolveTenant(tx, "tea"));
    expect(bySlug).toMatchObject({ id: seed.teaId, slug: "tea", status: "active" });
    const byHost = await withContext(db, {}, (tx) => resolveTenant(tx, "Shop.QingShan-Tea.cn"));
    expect(byHost).toMatchObject({ id: seed.teaId, slug: "tea" });
    const none = await withContext(db, {}, (tx) => resolveTenant(tx, "no-such-shop"));
    expect(none).toBeNull();
    // ...while the tenants table itself stays invisible in the same context.
    const [n] = await as<{ n: number }>({}, sql`select count(*)::int as n from tenants`);
    expect(n!.n).toBe(0);
  });
});

describe("app_private.downline (the team lookup that can use the path index)", () => {
  test("reads the current tenant's tree only, and nothing without a tenant", async () => {
    const code = async (c: string) => (await truth<{ id: string }>(sql`select user_id::text as id from distributors where code = ${c}`))[0]!.id;
    const [tea1, beauty1] = [await code("TEA0001"), await code("BEAUTY0001")];
    const down = (ctx: DbContext, userId: string) => as<{ user_id: string; depth: number }>(ctx, sql`select user_id::text, depth from app_private.downline(${userId}::uuid) order by depth, user_id`);
    // The same team read from the bindings under the tenant policies (a scan, no index).
    const scan = (ctx: DbContext, userId: string) =>
      as<{ user_id: string; depth: number }>(ctx, sql`select user_id::text, array_position(path, ${userId}::uuid) as depth from referral_bindings where ${userId}::uuid = any(path) order by 2, 1`);
    expect((await down({ tenantId: seed.teaId }, tea1)).length).toBeGreaterThanOrEqual(4);
    expect((await down({ tenantId: seed.beautyId }, beauty1)).length).toBeGreaterThan(0);
    // A user can be in two shops' trees; each shop sees its own.
    for (const tenantId of [seed.teaId, seed.beautyId])
      for (const u of [tea1, beauty1]) expect(await down({ tenantId }, u)).toEqual(await scan({ tenantId }, u));
    expect(await down({}, tea1)).toEqual([]);
    expect(await down({}, beauty1)).toEqual([]);
  });
});

describe("privileges cannot be self-granted through RLS (PRODUCT.md §2.3: isolation holds even through a bug in a query)", () => {
  // Regression (fixed in drizzle/0003–0004): policy agency_members_self (packages/db/src/schema/global.ts) checked only
  // user_id = app.user_id, so any signed-in user can insert themselves into any agency whose id they know
  // (tenants.agency_id is visible to every member of an agency-run tenant) and thereby gain admin access,
  // through app_private.my_agency_ids(), to all of that agency's tenants.
  test("a signed-in user cannot join another agency and so see its tenants", async () => {
    const r = await attempt({ userId: seed.shopperId }, async (tx) => {
      await tx.execute(sql`insert into agency_members (agency_id, user_id, role) values (${seed.agencyId}, ${seed.shopperId}, 'owner')`);
      return rowsOf<{ slug: string }>(await tx.execute(sql`select slug from tenants order by slug`)).map((t) => t.slug);
    });
    expect(r).toMatchObject({ ok: false, code: "42501" });
  });

  test("(control) a user creating a new agency may join it as its first member", async () => {
    const r = await attempt({ userId: seed.shopperId }, async (tx) => {
      const id = crypto.randomUUID();
      await tx.execute(sql`insert into agencies (id, name) values (${id}, '新代运营')`);
      await tx.execute(sql`insert into agency_members (agency_id, user_id, role) values (${id}, ${seed.shopperId}, 'owner')`);
      return rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from agencies`))[0]!.n;
    });
    expect(r).toEqual({ ok: true, value: 1 });
  });

  // Regression (fixed in drizzle/0003, trigger users_guard_flags): policy users_self allowed UPDATE of the user's whole row, including
  // is_platform_operator, which app_private.is_platform_operator() and the tenants_read policy trust.
  // A user could promote themselves and read every tenant's registry row.
  test("a user cannot make themselves a platform operator", async () => {
    const r = await attempt({ userId: seed.shopperId }, async (tx) => {
      await tx.execute(sql`update users set is_platform_operator = true where id = ${seed.shopperId}`);
      return rowsOf<{ op: boolean; tenants: number }>(
        await tx.execute(sql`select app_private.is_platform_operator() as op, (select count(*)::int from tenants) as tenants`),
      )[0]!;
    });
    // Refused outright, or at least without effect.
    if (r.ok) expect(r.value).toEqual({ op: false, tenants: 0 });
    else expect(r.code).toBe("42501");
  });

  test("(control) a user may still edit their own profile", async () => {
    const r = await attempt({ userId: seed.shopperId }, async (tx) =>
      rowsOf<{ name: string }>(await tx.execute(sql`update users set name = '顾客 刘洋（改）' where id = ${seed.shopperId} returning name`)),
    );
    expect(r).toEqual({ ok: true, value: [{ name: "顾客 刘洋（改）" }] });
  });
});

