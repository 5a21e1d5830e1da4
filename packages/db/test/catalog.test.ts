/**
 * Schema catalog invariants (PRODUCT.md §2.3, §9.2), discovered from pg_catalog
 * so that every table a later migration adds is covered without editing this file.
 *
 * Tenant table: a table in schema public with a tenant_id column that is not in
 * GLOBAL_TABLES. Everything else in public must be named in GLOBAL_TABLES.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf, type Database } from "../src/client";
import { GLOBAL_TABLES, SHOPPER_WRITTEN_TABLES, STAFF_WRITE_TABLES } from "../src/schema";
import { createTestDatabase } from "../src/testing";

let database: Database;

type TableRow = { name: string; rls: boolean; forced: boolean; has_tenant_id: boolean; tenant_id_not_null: boolean | null };
type PolicyRow = { table: string; policy: string; cmd: string; roles: string[] | string; qual: string | null; with_check: string | null; permissive: string };
type KeyRow = { table: string; name: string; columns: string[] | string; ref_table: string | null; ref_columns: string[] | string | null };

let tables: TableRow[] = [];
let policies: PolicyRow[] = [];
let primaryKeys: KeyRow[] = [];
let foreignKeys: KeyRow[] = [];

/** name[] comes back as an array (PGlite, postgres-js) or as '{a,b}' text; normalise. */
function arr(v: string[] | string | null): string[] {
  if (v === null) return [];
  if (Array.isArray(v)) return v;
  return v.replace(/^\{|\}$/g, "").split(",").filter(Boolean).map((s) => s.replace(/^"|"$/g, ""));
}

const isTenantTable = (t: TableRow) => t.has_tenant_id && !(GLOBAL_TABLES as readonly string[]).includes(t.name);
const tenantTables = () => tables.filter(isTenantTable);

async function query<T>(q: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await database.db.execute(q));
}

beforeAll(async () => {
  database = await createTestDatabase();
  tables = await query<TableRow>(sql`
    select c.relname::text as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
           a.attname is not null as has_tenant_id, a.attnotnull as tenant_id_not_null
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind in ('r', 'p')
     order by 1`);
  policies = await query<PolicyRow>(sql`
    select tablename::text as "table", policyname::text as policy, cmd::text as cmd, roles::text[] as roles, qual, with_check, permissive::text as permissive
      from pg_policies where schemaname = 'public' order by 1, 2`);
  const keys = await query<KeyRow & { type: string }>(sql`
    select c.conrelid::regclass::text as "table", c.conname::text as name, c.contype::text as type,
           array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as columns,
           case when c.contype = 'f' then c.confrelid::regclass::text end as ref_table,
           case when c.contype = 'f' then array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) end as ref_columns
      from pg_constraint c
      join pg_class r on r.oid = c.conrelid
      join pg_namespace n on n.oid = r.relnamespace
     where n.nspname = 'public' and c.contype in ('p', 'f')
     order by 1, 2`);
  // regclass::text may be schema-qualified when public is not on the search_path; strip it.
  const bare = (s: string | null) => (s ? s.replace(/^public\./, "").replace(/^"|"$/g, "") : s);
  for (const k of keys) {
    k.table = bare(k.table)!;
    k.ref_table = bare(k.ref_table);
  }
  primaryKeys = keys.filter((k) => k.type === "p");
  foreignKeys = keys.filter((k) => k.type === "f");
});

afterAll(async () => {
  await database?.close();
});

describe("discovery", () => {
  test("finds the tables of the schema (sanity: the catalog queries see something)", () => {
    // Without this, every per-table assertion below would pass vacuously.
    expect(tables.length).toBeGreaterThan(GLOBAL_TABLES.length);
    expect(tenantTables().length).toBeGreaterThan(0);
    expect(policies.length).toBeGreaterThan(0);
  });
});

describe("row-level security on every table in public", () => {
  test("RLS is enabled and forced on every table", () => {
    const weak = tables.filter((t) => !t.rls || !t.forced).map((t) => `${t.name} (enabled=${t.rls}, forced=${t.forced})`);
    expect(weak, "run app_private.secure_tables() in the migration that adds these tables").toEqual([]);
  });

  test("every table has at least one policy (RLS without a policy hides everything; with one it is deliberate)", () => {
    const withPolicy = new Set(policies.map((p) => p.table));
    const bare = tables.filter((t) => !withPolicy.has(t.name)).map((t) => t.name);
    expect(bare).toEqual([]);
  });
});

describe("tenant tables (tenant_id column, not in GLOBAL_TABLES)", () => {
  test("tenant_id is NOT NULL", () => {
    const nullable = tenantTables().filter((t) => !t.tenant_id_not_null).map((t) => t.name);
    expect(nullable).toEqual([]);
  });

  test("the primary key exists and leads with tenant_id (Citus distribution column)", () => {
    const problems: string[] = [];
    for (const t of tenantTables()) {
      const pk = primaryKeys.find((k) => k.table === t.name);
      if (!pk) problems.push(`${t.name}: no primary key`);
      else if (arr(pk.columns)[0] !== "tenant_id") problems.push(`${t.name}: primary key (${arr(pk.columns).join(", ")}) does not start with tenant_id`);
    }
    expect(problems).toEqual([]);
  });

  test("every foreign key includes tenant_id, and pairs it with the referenced tenant column", () => {
    const problems: string[] = [];
    let checked = 0;
    for (const t of tenantTables()) {
      for (const fk of foreignKeys.filter((k) => k.table === t.name)) {
        checked++;
        const cols = arr(fk.columns);
        const refs = arr(fk.ref_columns);
        const i = cols.indexOf("tenant_id");
        if (i < 0) {
          problems.push(`${t.name}.${fk.name} (${cols.join(", ")}) → ${fk.ref_table}: tenant_id missing`);
          continue;
        }
        const target = `${fk.ref_table}.${refs[i]}`;
        if (target !== "tenants.id" && refs[i] !== "tenant_id") {
          problems.push(`${t.name}.${fk.name}: tenant_id references ${target}, not the referenced row's tenant`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked, "the schema has tenant foreign keys; none found means the catalog query is broken").toBeGreaterThan(0);
  });

  test("every policy on a tenant table checks app.tenant_id via current_setting", () => {
    const names = new Set(tenantTables().map((t) => t.name));
    const problems: string[] = [];
    const needle = "current_setting('app.tenant_id'";
    // Permissive policies grant: each must confine to the tenant. Restrictive ones only narrow them (drizzle/0024).
    for (const p of policies.filter((p) => names.has(p.table) && p.permissive === "PERMISSIVE")) {
      const exprs = [p.qual, p.with_check].filter((e): e is string => e !== null);
      if (exprs.length === 0) problems.push(`${p.table}.${p.policy}: no expression`);
      for (const e of exprs) if (!e.includes(needle)) problems.push(`${p.table}.${p.policy} (${p.cmd}): ${e}`);
    }
    expect(problems).toEqual([]);
  });

  test("a tenant table's policies apply to app_user (or PUBLIC)", () => {
    const names = new Set(tenantTables().map((t) => t.name));
    const problems: string[] = [];
    for (const t of names) {
      const mine = policies.filter((p) => p.table === t && arr(p.roles).some((r) => r === "app_user" || r === "public"));
      if (mine.length === 0) problems.push(t);
    }
    expect(problems).toEqual([]);
  });
});

describe("who writes each table (review M1)", () => {
  test("every tenant table is either staff-owned or written by shoppers for a stated reason", () => {
    const staff = new Set<string>(STAFF_WRITE_TABLES);
    const unclassified = tenantTables().map((t) => t.name).filter((t) => !staff.has(t) && !(t in SHOPPER_WRITTEN_TABLES));
    expect(unclassified, "add the table to STAFF_WRITE_TABLES or SHOPPER_WRITTEN_TABLES (packages/db/src/schema/writers.ts)").toEqual([]);
    expect(Object.keys(SHOPPER_WRITTEN_TABLES).filter((t) => staff.has(t))).toEqual([]);
  });

  test("every staff-owned table has restrictive insert, update and delete policies (SKUs: stock moves by anyone, by trigger)", () => {
    const problems: string[] = [];
    for (const t of STAFF_WRITE_TABLES) {
      const mine = policies.filter((p) => p.table === t && p.permissive === "RESTRICTIVE");
      const wanted = t === "product_skus" ? ["INSERT", "DELETE"] : t === "tenants" ? ["UPDATE", "DELETE"] : ["INSERT", "UPDATE", "DELETE"];
      for (const cmd of wanted) {
        const p = mine.find((x) => x.cmd === cmd);
        const expr = `${p?.qual ?? ""} ${p?.with_check ?? ""}`;
        if (!p || !expr.includes("may_manage_tenant")) problems.push(`${t}: ${cmd}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("GLOBAL_TABLES", () => {
  test("names exactly the public tables that are not tenant tables", () => {
    const globalsInDb = tables.filter((t) => !isTenantTable(t)).map((t) => t.name).sort();
    // A table without tenant_id that is missing from GLOBAL_TABLES shows up here as a difference,
    // and so does a GLOBAL_TABLES entry with no table behind it.
    expect(globalsInDb).toEqual([...GLOBAL_TABLES].sort());
  });

  test("has no duplicates", () => {
    expect(new Set(GLOBAL_TABLES).size).toBe(GLOBAL_TABLES.length);
  });
});

describe("role app_user", () => {
  test("is neither superuser nor BYPASSRLS", async () => {
    const [r] = await query<{ rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean }>(
      sql`select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = 'app_user'`,
    );
    expect(r, "role app_user must exist").toBeDefined();
    expect(r).toEqual({ rolsuper: false, rolbypassrls: false, rolcreaterole: false });
  });

  test("owns no table, view or sequence in public (owners bypass unforced RLS and can ALTER/DROP)", async () => {
    const owned = await query<{ name: string; kind: string }>(sql`
      select c.relname::text as name, c.relkind::text as kind
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relowner = (select oid from pg_roles where rolname = 'app_user')`);
    expect(owned).toEqual([]);
  });

  test("cannot call app_private.secure_tables()", async () => {
    const [r] = await query<{ ok: boolean }>(
      sql`select has_function_privilege('app_user', 'app_private.secure_tables()', 'execute') as ok`,
    );
    expect(r?.ok).toBe(false);
  });

  test("has no UPDATE or DELETE on append-only tables", async () => {
    const rows = await query<{ name: string; upd: boolean; del: boolean; ins: boolean }>(sql`
      select c.relname::text as name,
             has_table_privilege('app_user', c.oid, 'UPDATE') as upd,
             has_table_privilege('app_user', c.oid, 'DELETE') as del,
             has_table_privilege('app_user', c.oid, 'INSERT') as ins
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and coalesce(obj_description(c.oid, 'pg_class'), '') like '%append-only%'`);
    // audit_log is the append-only table of PRODUCT.md §8.3.
    expect(rows.map((r) => r.name)).toContain("audit_log");
    for (const r of rows) expect({ name: r.name, upd: r.upd, del: r.del, ins: r.ins }).toEqual({ name: r.name, upd: false, del: false, ins: true });
  });
});
