/**
 * The API as the console uses it (PRODUCT.md §2): tenant procedures confined
 * to the active tenant and the caller's access, role checks on mutations,
 * validation with localized messages, and all-or-nothing multi-step writes.
 *
 * Callers come from createCaller (errors are TRPCErrors, unformatted); the
 * localized messages are checked through the fetch adapter, where the
 * errorFormatter runs. "Truth" reads use db.execute outside withContext (the
 * owner role, not subject to the app_user policies).
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Database, type Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { resolveTenant } from "../../db/src/queries/tenants";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { translateError, type Locale } from "../../i18n/src";
import { sniffImage } from "../../catalog/src/image";
import { getTemplate, loadTemplates, templateImageBytes } from "../../templates/src";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { countOf, httpError, keyOf, loadUser as loadUserOf, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const users: Record<"owner" | "agency" | "admin" | "viewer" | "shopper" | "operator", User> = {} as never;

const truth = <T>(q: SQL) => truthOf(db)<T>(q);
const count = (q: SQL) => countOf(db)(q);
const loadUser = (userId: string) => loadUserOf(db, userId);
const userIdOf = (email: string) => userIdByEmail(db, email);

function ctxOf(user: User | null, activeTenantId: string | null, locale: Locale = "zh-CN"): Context {
  return { db, user, locale, activeTenantId };
}
function as(user: User | null, activeTenantId: string | null, locale: Locale = "zh-CN") {
  return createCaller(ctxOf(user, activeTenantId, locale));
}

const http = httpError;

/** A tenant's observable state (row, domain, members, invitations, audit trail), read as owner. */
async function tenantState(tenantId: string) {
  const [t] = await truth<Record<string, unknown>>(sql`select to_jsonb(t) - 'updated_at' as row from tenants t where id = ${tenantId}`);
  return {
    tenant: t,
    domains: await truth(sql`select domain from tenant_domains where tenant_id = ${tenantId} order by domain`),
    members: await truth(sql`select user_id::text, role from memberships where tenant_id = ${tenantId} order by user_id`),
    invitations: await truth(sql`select id::text, email, role, status from invitations where tenant_id = ${tenantId} order by id`),
    audit: await count(sql`select count(*)::int as n from audit_log where tenant_id = ${tenantId}`),
  };
}

/** Row counts of everything a tenant creation writes, across all tenants. */
async function globalCounts() {
  const tables = ["tenants", "memberships", "categories", "products", "product_skus", "audit_log", "tenant_domains", "media"];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await count(sql`select count(*)::int as n from ${sql.raw(t)}`);
  return out;
}

/** Settings input that keeps everything of the tenant as it is, with overrides. */
async function settingsOf(user: User, tenantId: string, over: Record<string, unknown> = {}) {
  const { tenant } = await as(user, tenantId).tenant.current();
  return {
    name: tenant.name,
    slug: tenant.slug,
    logoUrl: tenant.logoUrl,
    timeZone: tenant.timeZone,
    customDomain: tenant.customDomain,
    wechatAppId: tenant.wechatAppId,
    ...over,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  users.owner = await loadUser(seed.ownerId);
  users.agency = await loadUser(seed.agencyUserId);
  users.shopper = await loadUser(seed.shopperId);
  users.admin = await loadUser(await userIdOf("admin@demo.local"));
  users.viewer = await loadUser(await userIdOf("viewer@demo.local"));
  users.operator = await loadUser(seed.operatorId);
});

afterAll(async () => {
  await database?.close();
});

describe("owner of tea with beauty (not theirs) as the active tenant", () => {
  let beautyInvitationId: string;
  let before: Awaited<ReturnType<typeof tenantState>>;
  beforeAll(async () => {
    const [inv] = await truth<{ id: string }>(sql`select id::text as id from invitations where tenant_id = ${seed.beautyId} and status = 'pending' limit 1`);
    beautyInvitationId = inv!.id;
    before = await tenantState(seed.beautyId);
  });

  const calls: [string, (c: ReturnType<typeof as>) => Promise<unknown>][] = [
    ["tenant.current", (c) => c.tenant.current()],
    ["tenant.overview", (c) => c.tenant.overview()],
    ["tenant.auditLog", (c) => c.tenant.auditLog()],
    ["tenant.updateSettings", (c) => c.tenant.updateSettings({ name: "被盗的店", slug: "beauty", logoUrl: null, timeZone: "Asia/Shanghai", customDomain: "stolen.example.com", wechatAppId: null })],
    ["members.list", (c) => c.members.list()],
    ["members.invite", (c) => c.members.invite({ email: "intruder@example.com", role: "owner" })],
    ["members.changeRole", (c) => c.members.changeRole({ userId: seed.agencyUserId, role: "viewer" })],
    ["members.remove", (c) => c.members.remove({ userId: seed.agencyUserId })],
    ["members.revoke", (c) => c.members.revoke({ id: beautyInvitationId })],
  ];

  test.each(calls)("%s is refused and reveals nothing of beauty", async (_name, call) => {
    const e = await rejection(call(as(users.owner, seed.beautyId)));
    expect(["NOT_FOUND", "FORBIDDEN"]).toContain(e.code);
    expect(JSON.stringify({ message: e.message, cause: String(e.cause ?? "") })).not.toMatch(/花颜美妆|beauty/i);
    // The same answer as for a tenant that does not exist: no existence oracle.
    const ghost = await rejection(call(as(users.owner, crypto.randomUUID())));
    expect(ghost.code).toBe(e.code);
    expect(await tenantState(seed.beautyId)).toEqual(before);
  });

  test("over HTTP the refusal is a localized not-found without beauty's data", async () => {
    const r = await http(ctxOf(users.owner, seed.beautyId), "tenant.current", undefined, "query");
    expect(r.status).toBe(404);
    expect(r.message).toContain("找不到");
    expect(r.raw).not.toMatch(/花颜美妆|beauty/i);
    expect(r.raw).not.toContain(seed.beautyId);
  });

  // Regression (fixed: isUuid guard in accessToTenant and the cookie reader): a malformed active-tenant id (the fx_tenant cookie; the server's filter
  // /^[0-9a-f-]{36}$/ let e.g. 36 zeros through) reaches a uuid comparison in accessToTenant and
  // failed with a database error: INTERNAL_SERVER_ERROR instead of NOT_FOUND.
  test("a malformed active tenant id is NOT_FOUND, not a server error", async () => {
    const e = await rejection(as(users.owner, "0".repeat(36)).tenant.current());
    expect(e.code).toBe("NOT_FOUND");
  });

  test("without an active tenant or without a user, tenant procedures are refused", async () => {
    expect((await rejection(as(users.owner, null).tenant.current())).code).toBe("NOT_FOUND");
    expect((await rejection(as(null, seed.teaId).tenant.current())).code).toBe("UNAUTHORIZED");
  });
});

describe("owner of tea in tea, aiming at beauty's ids", () => {
  test("members.changeRole / remove of beauty's member and revoke of beauty's invitation are NOT_FOUND", async () => {
    const [inv] = await truth<{ id: string }>(sql`select id::text as id from invitations where tenant_id = ${seed.beautyId} and status = 'pending' limit 1`);
    const before = await tenantState(seed.beautyId);
    const teaBefore = await tenantState(seed.teaId);
    const c = as(users.owner, seed.teaId);
    expect((await rejection(c.members.changeRole({ userId: seed.agencyUserId, role: "viewer" }))).code).toBe("NOT_FOUND");
    expect((await rejection(c.members.remove({ userId: seed.agencyUserId }))).code).toBe("NOT_FOUND");
    expect((await rejection(c.members.revoke({ id: inv!.id }))).code).toBe("NOT_FOUND");
    expect(await tenantState(seed.beautyId)).toEqual(before);
    expect(await tenantState(seed.teaId)).toEqual(teaBefore);
  });

  test("the same owner does manage tea's own members (the refusals above are about the tenant, not the procedure)", async () => {
    const c = as(users.owner, seed.teaId);
    const list = await c.members.list();
    const ids = list.members.map((m) => m.userId);
    expect(ids).toContain(users.viewer.id);
    expect(ids).not.toContain(seed.agencyUserId);
    expect(list.invitations.every((i) => i.tenantId === seed.teaId)).toBe(true);

    await c.members.changeRole({ userId: users.viewer.id, role: "finance" });
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${users.viewer.id}`)).toEqual([{ role: "finance" }]);
    await c.members.changeRole({ userId: users.viewer.id, role: "viewer" });
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${users.viewer.id}`)).toEqual([{ role: "viewer" }]);
  });
});

describe("agency", () => {
  test("the agency user acts in beauty and fresh, not in tea", async () => {
    for (const [id, slug] of [
      [seed.beautyId, "beauty"],
      [seed.freshId, "fresh"],
    ] as const) {
      const r = await as(users.agency, id).tenant.current();
      expect(r.tenant).toMatchObject({ id, slug });
      const overview = await as(users.agency, id).tenant.overview();
      const products = await count(sql`select count(*)::int as n from products where tenant_id = ${id}`);
      expect(overview.products).toBe(products);
    }
    expect((await rejection(as(users.agency, seed.teaId).tenant.current())).code).toBe("NOT_FOUND");
  });

  test("agency staff without a membership act as admin in the agency's tenants only", async () => {
    const staffId = crypto.randomUUID();
    await db.execute(sql`insert into users (id, email, name) values (${staffId}, 'agency-staff@example.com', '代运营 员工')`);
    await db.execute(sql`insert into agency_members (agency_id, user_id, role) values (${seed.agencyId}, ${staffId}, 'staff')`);
    const staff = await loadUser(staffId);
    const r = await as(staff, seed.freshId).tenant.current();
    expect(r).toMatchObject({ tenant: { id: seed.freshId }, role: "admin", via: "agency" });
    expect((await rejection(as(staff, seed.teaId).tenant.current())).code).toBe("NOT_FOUND");
    // admin, not owner: may not make owners.
    const e = await rejection(as(staff, seed.freshId).members.changeRole({ userId: seed.agencyUserId, role: "viewer" }));
    expect(e.code).toBe("FORBIDDEN");
  });
});

describe("roles", () => {
  test("a viewer of tea cannot update settings, and nothing changes", async () => {
    const before = await tenantState(seed.teaId);
    const input = await settingsOf(users.viewer, seed.teaId, { name: "改名了" });
    const e = await rejection(as(users.viewer, seed.teaId).tenant.updateSettings(input));
    expect(e.code).toBe("FORBIDDEN");
    expect(await tenantState(seed.teaId)).toEqual(before);
  });

  test("a viewer cannot invite; an admin cannot create an owner", async () => {
    const before = await tenantState(seed.teaId);
    expect((await rejection(as(users.viewer, seed.teaId).members.invite({ email: "v-invite@example.com", role: "viewer" }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(users.admin, seed.teaId).members.changeRole({ userId: users.viewer.id, role: "owner" }))).code).toBe("FORBIDDEN");
    expect((await rejection(as(users.admin, seed.teaId).members.remove({ userId: seed.ownerId }))).code).toBe("FORBIDDEN");
    expect(await tenantState(seed.teaId)).toEqual(before);
  });

  test("platform.tenants is for platform operators only", async () => {
    const all = await as(users.operator, null).platform.tenants();
    expect(all.length).toBe(await count(sql`select count(*)::int as n from tenants`));
    expect((await rejection(as(users.owner, null).platform.tenants())).code).toBe("FORBIDDEN");
  });
});

describe("validation and conflicts", () => {
  test.each(["admin", "www", "Admin", " WWW "])("reserved slug %j is refused by createTenant and updateSettings", async (slug) => {
    const counts = await globalCounts();
    const e1 = await rejection(as(users.shopper, null).onboarding.createTenant({ name: "保留测试", slug, template: "tea" }));
    expect(e1.code).toBe("BAD_REQUEST");
    const teaBefore = await tenantState(seed.teaId);
    const input = await settingsOf(users.owner, seed.teaId, { slug });
    const e2 = await rejection(as(users.owner, seed.teaId).tenant.updateSettings(input));
    expect(e2.code).toBe("BAD_REQUEST");
    expect(await globalCounts()).toEqual(counts);
    expect(await tenantState(seed.teaId)).toEqual(teaBefore);
  });

  test("over HTTP the reserved-slug refusal is a 400 naming the slug field", async () => {
    const zh = await http(ctxOf(users.shopper, null, "zh-CN"), "onboarding.createTenant", { name: "保留测试", slug: "admin", template: "tea" });
    expect(zh.status).toBe(400);
    expect(zh.code).toBe("BAD_REQUEST");
    expect(Object.keys(zh.fieldErrors ?? {})).toEqual(["slug"]);
    const input = await settingsOf(users.owner, seed.teaId, { slug: "www" });
    const s = await http(ctxOf(users.owner, seed.teaId, "en"), "tenant.updateSettings", input);
    expect(s.status).toBe(400);
    expect(Object.keys(s.fieldErrors ?? {})).toEqual(["slug"]);
  });

  test("the reserved-slug message is localized (zh-CN mentions 保留, en is English) and names the slug", async () => {
    const zh = await http(ctxOf(users.shopper, null, "zh-CN"), "onboarding.createTenant", { name: "保留测试", slug: "admin", template: "tea" });
    expect(zh.message).toContain("保留");
    expect(zh.message).toContain("admin");
    expect(zh.fieldErrors?.slug).toBe(zh.message);

    const en = await http(ctxOf(users.shopper, null, "en"), "onboarding.createTenant", { name: "Reserved", slug: "www", template: "tea" });
    expect(en.message).toBe(translateError("en", "slug.reserved", { slug: "www" }));
    expect(en.fieldErrors?.slug).toBe(en.message);

    const input = await settingsOf(users.owner, seed.teaId, { slug: "www" });
    const s = await http(ctxOf(users.owner, seed.teaId, "zh-CN"), "tenant.updateSettings", input);
    expect(s.message).toContain("保留");
    const sEn = await http(ctxOf(users.owner, seed.teaId, "en"), "tenant.updateSettings", input);
    expect(sEn.message).toBe(translateError("en", "slug.reserved", { slug: "www" }));
    // The slug is quoted as it would be stored (trimmed, lower case), not as typed.
    const typed = await http(ctxOf(users.shopper, null, "en"), "onboarding.createTenant", { name: "Reserved", slug: " Admin ", template: "tea" });
    expect(typed.message).toBe(translateError("en", "slug.reserved", { slug: "admin" }));
    expect(zh.message).not.toMatch(/errors\./);
  });

  test("validation messages without placeholders are localized per locale, one per field", async () => {
    const input = await settingsOf(users.owner, seed.teaId, { customDomain: "not a domain", wechatAppId: "wx123", slug: "ab" });
    const zh = await http(ctxOf(users.owner, seed.teaId, "zh-CN"), "tenant.updateSettings", input);
    expect(zh.status).toBe(400);
    expect(zh.fieldErrors).toEqual({
      slug: translateError("zh-CN", "slug.tooShort"),
      customDomain: translateError("zh-CN", "domain.format"),
      wechatAppId: translateError("zh-CN", "wechatAppId.format"),
    });
    expect(zh.fieldErrors!.customDomain).toMatch(/[\u4e00-\u9fff]/);
    const en = await http(ctxOf(users.owner, seed.teaId, "en"), "tenant.updateSettings", input);
    expect(en.fieldErrors!.customDomain).toBe(translateError("en", "domain.format"));
    expect(en.fieldErrors!.customDomain).not.toBe(zh.fieldErrors!.customDomain);
    expect(Object.values(en.fieldErrors!).join(" ")).not.toMatch(/[\u4e00-\u9fff]|errors\./);
  });

  test("a slug already taken ('beauty', any case) is a CONFLICT and creates nothing", async () => {
    const counts = await globalCounts();
    for (const slug of ["beauty", "BEAUTY"]) {
      const e = await rejection(as(users.shopper, null).onboarding.createTenant({ name: "又一个美妆店", slug, template: "cosmetics" }));
      expect(e.code).toBe("CONFLICT");
      expect(keyOf(e)).toBe("slug.taken");
    }
    expect(await globalCounts()).toEqual(counts);
    const zh = await http(ctxOf(users.shopper, null, "zh-CN"), "onboarding.createTenant", { name: "又一个美妆店", slug: "beauty", template: "cosmetics" });
    expect(zh.status).toBe(409);
    expect(zh.message).toContain("beauty");
    expect(zh.fieldErrors?.slug).toBe(zh.message);
    const en = await http(ctxOf(users.shopper, null, "en"), "onboarding.createTenant", { name: "Another", slug: "beauty", template: "cosmetics" });
    expect(en.message).toMatch(/taken/i);
  });

  test("renaming tea's slug to another tenant's slug is a CONFLICT and changes nothing", async () => {
    const before = await tenantState(seed.teaId);
    const input = await settingsOf(users.owner, seed.teaId, { slug: "fresh", name: "换个名字" });
    const e = await rejection(as(users.owner, seed.teaId).tenant.updateSettings(input));
    expect(e.code).toBe("CONFLICT");
    expect(await tenantState(seed.teaId)).toEqual(before);
  });

  test("an unknown template is refused and no tenant is created", async () => {
    const counts = await globalCounts();
    const e = await rejection(as(users.shopper, null).onboarding.createTenant({ name: "无模板店", slug: "no-template-shop", template: "jewelry" }));
    expect(e.code).toBe("BAD_REQUEST");
    expect(keyOf(e)).toBe("template.unknown");
    expect(await globalCounts()).toEqual(counts);
    expect(await count(sql`select count(*)::int as n from tenants where slug = 'no-template-shop'`)).toBe(0);
    const en = await http(ctxOf(users.shopper, null, "en"), "onboarding.createTenant", { name: "No template", slug: "no-template-shop", template: "jewelry" });
    expect(en.message).toContain("jewelry");
    expect(en.fieldErrors?.template).toBe(en.message);
  });

  test("inviting the same email twice is a CONFLICT the second time (case-insensitive)", async () => {
    const c = as(users.owner, seed.teaId);
    await c.members.invite({ email: "twice@example.com", role: "operator" });
    const e = await rejection(c.members.invite({ email: "Twice@Example.com", role: "finance" }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("member.invitedTwice");
    expect(
      await truth(sql`select role, status from invitations where tenant_id = ${seed.teaId} and lower(email) = 'twice@example.com'`),
    ).toEqual([{ role: "operator", status: "pending" }]);
    const zh = await http(ctxOf(users.owner, seed.teaId), "members.invite", { email: "twice@example.com", role: "viewer" });
    expect(zh.status).toBe(409);
    expect(zh.message).toContain("twice@example.com");
    expect(zh.fieldErrors?.email).toBe(zh.message);
  });

  test("inviting someone who is already a member is a CONFLICT", async () => {
    const e = await rejection(as(users.owner, seed.teaId).members.invite({ email: "viewer@demo.local", role: "admin" }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("member.already");
  });

  test("the last owner cannot be demoted or removed (CONFLICT lastOwner), and stays owner", async () => {
    expect(await count(sql`select count(*)::int as n from memberships where tenant_id = ${seed.teaId} and role = 'owner'`)).toBe(1);
    const c = as(users.owner, seed.teaId);
    const e = await rejection(c.members.changeRole({ userId: seed.ownerId, role: "admin" }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("lastOwner");
    const r = await rejection(c.members.remove({ userId: seed.ownerId }));
    expect(r.code).toBe("CONFLICT");
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${seed.ownerId}`)).toEqual([{ role: "owner" }]);
    const en = await http(ctxOf(users.owner, seed.teaId, "en"), "members.changeRole", { userId: seed.ownerId, role: "admin" });
    expect(en.status).toBe(409);
    expect(en.message).toMatch(/owner/i);
  });

  test("a custom domain another tenant has verified is a CONFLICT", async () => {
    const beautyInput = await settingsOf(users.agency, seed.beautyId, { customDomain: "shop.huayan-beauty.com" });
    const saved = await as(users.agency, seed.beautyId).tenant.updateSettings(beautyInput);
    expect(saved.customDomain).toBe("shop.huayan-beauty.com");
    await createCaller({ ...ctxOf(users.agency, seed.beautyId), domainCheck: async () => ({ ok: true, method: "dns" }) }).tenant.verifyDomain();
    const teaBefore = await tenantState(seed.teaId);
    const input = await settingsOf(users.owner, seed.teaId, { customDomain: "Shop.Huayan-Beauty.com", name: "青山茶舍 新名" });
    const e = await rejection(as(users.owner, seed.teaId).tenant.updateSettings(input));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("domain.taken");
    expect(await tenantState(seed.teaId)).toEqual(teaBefore);
    expect(await truth(sql`select tenant_id::text as t, status from tenant_domains where domain = 'shop.huayan-beauty.com'`)).toEqual([{ t: seed.beautyId, status: "verified" }]);
    const zh = await http(ctxOf(users.owner, seed.teaId), "tenant.updateSettings", input);
    expect(zh.fieldErrors?.customDomain).toContain("shop.huayan-beauty.com");
  });

  test("a valid settings change is saved; the custom domain resolves to the tenant once verified", async () => {
    const input = await settingsOf(users.owner, seed.teaId, { customDomain: "www.qingshan-tea.cn", wechatAppId: "wx0123456789abcdef" });
    const saved = await as(users.owner, seed.teaId).tenant.updateSettings(input);
    expect(saved).toMatchObject({ customDomain: "www.qingshan-tea.cn", wechatAppId: "wx0123456789abcdef", domainVerification: { status: "pending" } });
    expect(await withContext(db, {}, (tx) => resolveTenant(tx, "www.qingshan-tea.cn"))).toBeNull();
    await createCaller({ ...ctxOf(users.owner, seed.teaId), domainCheck: async () => ({ ok: true, method: "http" }) }).tenant.verifyDomain();
    const hit = await withContext(db, {}, (tx) => resolveTenant(tx, "www.qingshan-tea.cn"));
    expect(hit?.id).toBe(seed.teaId);
  });
});

describe("createTenant", () => {
  test("creates the tenant, its owner and the template's catalog; the slug then resolves", async () => {
    const template = loadTemplates().get("tea")!;
    const counts = await globalCounts();
    const created = await as(users.shopper, null).onboarding.createTenant({ name: "小林茶铺", slug: "Xiaolin-Tea", template: "tea" });
    expect(created.slug).toBe("xiaolin-tea");
    const id = created.id;
    expect(await truth(sql`select slug, name, template, plan, agency_id from tenants where id = ${id}`)).toEqual([
      { slug: "xiaolin-tea", name: "小林茶铺", template: "tea", plan: "basic", agency_id: null },
    ]);
    expect(await truth(sql`select user_id::text as u, role from memberships where tenant_id = ${id}`)).toEqual([{ u: seed.shopperId, role: "owner" }]);
    expect(await count(sql`select count(*)::int as n from categories where tenant_id = ${id}`)).toBe(template.categories.length);
    expect(await count(sql`select count(*)::int as n from products where tenant_id = ${id}`)).toBe(template.products.length);
    expect(await count(sql`select count(*)::int as n from product_skus where tenant_id = ${id}`)).toBe(
      template.products.reduce((n, p) => n + p.skus.length, 0),
    );
    // Every product is in one of the new tenant's own categories.
    expect(
      await count(sql`select count(*)::int as n from products p where p.tenant_id = ${id}
                       and not exists (select 1 from categories c where c.tenant_id = ${id} and c.id = p.category_id)`),
    ).toBe(0);
    const after = await globalCounts();
    expect(after.tenants).toBe(counts.tenants! + 1);

    const hit = await withContext(db, {}, (tx) => resolveTenant(tx, "xiaolin-tea"));
    expect(hit).toMatchObject({ id, slug: "xiaolin-tea" });
    const mine = await as(users.shopper, null).onboarding.myTenants();
    expect(mine.map((t) => t.id)).toContain(id);
    const cur = await as(users.shopper, id).tenant.current();
    expect(cur).toMatchObject({ role: "owner", via: "member" });
    // The new owner sees only their own catalog.
    const overview = await as(users.shopper, id).tenant.overview();
    expect(overview.products).toBe(template.products.length);
  });

  test("a collision leaves no categories, products or members behind for any new tenant id", async () => {
    const counts = await globalCounts();
    const e = await rejection(as(users.shopper, null).onboarding.createTenant({ name: "撞名", slug: "tea", template: "fresh" }));
    expect(e.code).toBe("CONFLICT");
    expect(await globalCounts()).toEqual(counts);
    for (const t of ["categories", "products", "product_skus", "memberships", "audit_log"]) {
      expect(await count(sql`select count(*)::int as n from ${sql.raw(t)} x where not exists (select 1 from tenants t where t.id = x.tenant_id)`), t).toBe(0);
    }
  });

  test("a failure after the tenant and its catalog were written rolls everything back", async () => {
    // Make the last step (the audit entry) fail for one slug, after tenant, owner and catalog are inserted.
    await db.execute(sql`create function public.zz_fail_audit() returns trigger language plpgsql as $$
      begin
        if new.action = 'tenant.create' and new.after->>'slug' = 'half-made' then raise exception 'audit store unavailable'; end if;
        return new;
      end $$`);
    await db.execute(sql`create trigger zz_fail_audit before insert on audit_log for each row execute function public.zz_fail_audit()`);
    try {
      const counts = await globalCounts();
      const e = await rejection(as(users.shopper, null).onboarding.createTenant({ name: "半成品", slug: "half-made", template: "cosmetics" }));
      expect(e.code).toBe("INTERNAL_SERVER_ERROR");
      expect(await globalCounts()).toEqual(counts);
      expect(await withContext(db, {}, (tx) => resolveTenant(tx, "half-made"))).toBeNull();
      // Over HTTP the user gets the generic message, not the database's.
      const r = await http(ctxOf(users.shopper, null), "onboarding.createTenant", { name: "半成品", slug: "half-made", template: "cosmetics" });
      expect(r.status).toBe(500);
      expect(r.raw).not.toContain("audit store unavailable");
      expect(r.message).toContain("出错了");
      expect(await globalCounts()).toEqual(counts);
    } finally {
      await db.execute(sql`drop trigger zz_fail_audit on audit_log`);
      await db.execute(sql`drop function public.zz_fail_audit()`);
    }
  });

  test("an agency creates a tenant under its agency; a non-agency user cannot", async () => {
    const created = await as(users.agency, null).agency.createTenant({ name: "代运营新店", slug: "spark-new", template: "fresh" });
    expect(await truth(sql`select agency_id::text as a, plan from tenants where id = ${created.id}`)).toEqual([{ a: seed.agencyId, plan: "agency" }]);
    const e = await rejection(as(users.owner, null).agency.createTenant({ name: "冒充代运营", slug: "fake-agency", template: "fresh" }));
    expect(e.code).toBe("FORBIDDEN");
    expect(await count(sql`select count(*)::int as n from tenants where slug = 'fake-agency'`)).toBe(0);
  });
});

describe("invitations", () => {
  async function newUser(email: string, name: string): Promise<User> {
    const id = crypto.randomUUID();
    await db.execute(sql`insert into users (id, email, name) values (${id}, ${email}, ${name})`);
    return loadUser(id);
  }

  test("an invitation link previews without sign-in, joins the tenant with the invited role, and works once", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "joiner@example.com", role: "operator" });
    const [tea] = await truth<{ name: string }>(sql`select name from tenants where id = ${seed.teaId}`);
    expect(await as(null, null).invitations.preview({ token: inv.token })).toEqual({ tenantName: tea!.name, role: "operator", email: "joiner@example.com" });

    const joiner = await newUser("joiner@example.com", "新同事");
    expect(await as(joiner, null).invitations.accept({ token: inv.token })).toEqual({ tenantId: seed.teaId });
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${joiner.id}`)).toEqual([{ role: "operator" }]);
    expect(await truth(sql`select status, accepted_by::text as by from invitations where id = ${inv.id}`)).toEqual([{ status: "accepted", by: joiner.id }]);
    expect(await as(joiner, seed.teaId).tenant.current()).toMatchObject({ role: "operator", via: "member" });

    // Used: neither previewable nor acceptable again, by anyone.
    expect((await rejection(as(null, null).invitations.preview({ token: inv.token }))).code).toBe("NOT_FOUND");
    const other = await newUser("someone-else@example.com", "路人");
    expect((await rejection(as(other, null).invitations.accept({ token: inv.token }))).code).toBe("NOT_FOUND");
    expect(await count(sql`select count(*)::int as n from memberships where user_id = ${other.id}`)).toBe(0);
  });

  test("a revoked invitation cannot be accepted", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "revoked@example.com", role: "admin" });
    await as(users.owner, seed.teaId).members.revoke({ id: inv.id });
    const u = await newUser("revoked@example.com", "被撤回");
    const e = await rejection(as(u, null).invitations.accept({ token: inv.token }));
    expect(e.code).toBe("NOT_FOUND");
    expect(keyOf(e)).toBe("invitation.invalid");
    expect(await count(sql`select count(*)::int as n from memberships where user_id = ${u.id}`)).toBe(0);
    // Revoking twice is NOT_FOUND too (nothing pending).
    expect((await rejection(as(users.owner, seed.teaId).members.revoke({ id: inv.id }))).code).toBe("NOT_FOUND");
  });

  test("no list hands out a usable link: a viewer's members.list has no token, and the database keeps only a hash", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "once@example.com", role: "owner" });
    expect(inv.token.length).toBeGreaterThanOrEqual(20);
    for (const who of [users.viewer, users.owner]) {
      const list = await as(who, seed.teaId).members.list();
      const row = list.invitations.find((i) => i.id === inv.id)!;
      expect(row).toMatchObject({ email: "once@example.com", role: "owner", expired: false });
      expect(Object.keys(row)).not.toContain("token");
      expect(JSON.stringify(list)).not.toContain(inv.token);
    }
    const stored = JSON.stringify(await truth(sql`select * from invitations where id = ${inv.id}`));
    expect(stored).not.toContain(inv.token);
    // The review's repro: a viewer cannot turn a pending (seeded) invitation into a role.
    const seeded = (await as(users.viewer, seed.teaId).members.list()).invitations[0]!;
    expect(seeded).not.toHaveProperty("token");
  });

  test("only the invited email can accept; anyone else gets a clear, localized error and nothing changes", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "invitee@example.com", role: "owner" });
    const viewerBefore = await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${users.viewer.id}`);
    const e = await rejection(as(users.viewer, null).invitations.accept({ token: inv.token }));
    expect(e.code).toBe("FORBIDDEN");
    expect(keyOf(e)).toBe("invitation.wrongEmail");
    const stranger = await newUser("stranger@example.com", "陌生人");
    expect(keyOf(await rejection(as(stranger, null).invitations.accept({ token: inv.token })))).toBe("invitation.wrongEmail");
    const zh = await http(ctxOf(stranger, null), "invitations.accept", { token: inv.token });
    expect(zh.message).toBe("此邀请发给 invitee@example.com，请使用该邮箱登录后接受。");
    const en = await http(ctxOf(stranger, null, "en"), "invitations.accept", { token: inv.token });
    expect(en.message).toBe("This invitation is for invitee@example.com. Sign in with that email to accept it.");
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${users.viewer.id}`)).toEqual(viewerBefore);
    expect(await count(sql`select count(*)::int as n from memberships where user_id = ${stranger.id}`)).toBe(0);
    expect(await truth(sql`select status from invitations where id = ${inv.id}`)).toEqual([{ status: "pending" }]);
    // The invitee, in other letter case, can.
    const invitee = await newUser("Invitee@Example.com", "受邀者");
    expect(await as(invitee, null).invitations.accept({ token: inv.token })).toEqual({ tenantId: seed.teaId });
  });

  test("an invitation never changes an existing member's role", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "already-in@example.com", role: "owner" });
    const u = await newUser("already-in@example.com", "老成员");
    await db.execute(sql`insert into memberships (tenant_id, user_id, role) values (${seed.teaId}, ${u.id}, 'viewer')`);
    const e = await rejection(as(u, null).invitations.accept({ token: inv.token }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("invitation.alreadyMember");
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${u.id}`)).toEqual([{ role: "viewer" }]);
    expect(await truth(sql`select status from invitations where id = ${inv.id}`)).toEqual([{ status: "pending" }]);
  });

  test("invitations expire after 7 days: listed as expired, neither previewable nor acceptable, and the email can be invited again", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "late@example.com", role: "operator" });
    const [t] = await truth<{ days: number }>(sql`select round(extract(epoch from expires_at - created_at) / 86400)::int as days from invitations where id = ${inv.id}`);
    expect(t!.days).toBe(7);
    await db.execute(sql`update invitations set expires_at = now() - interval '1 minute' where id = ${inv.id}`);
    const row = (await as(users.owner, seed.teaId).members.list()).invitations.find((i) => i.id === inv.id);
    expect(row?.expired).toBe(true);
    expect(keyOf(await rejection(as(null, null).invitations.preview({ token: inv.token })))).toBe("invitation.expired");
    const late = await newUser("late@example.com", "迟到");
    const e = await rejection(as(late, null).invitations.accept({ token: inv.token }));
    expect(keyOf(e)).toBe("invitation.expired");
    expect((await http(ctxOf(late, null, "en"), "invitations.accept", { token: inv.token })).message).toBe("This invitation has expired. Ask for a new one.");
    expect(await count(sql`select count(*)::int as n from memberships where user_id = ${late.id}`)).toBe(0);
    const again = await as(users.owner, seed.teaId).members.invite({ email: "late@example.com", role: "operator" });
    expect(await as(late, null).invitations.accept({ token: again.token })).toEqual({ tenantId: seed.teaId });
  });

  test("two concurrent accepts of one invitation create one membership", async () => {
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "twin@example.com", role: "finance" });
    const u = await newUser("twin@example.com", "双击");
    const results = await Promise.allSettled([as(u, null).invitations.accept({ token: inv.token }), as(u, null).invitations.accept({ token: inv.token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await truth(sql`select role from memberships where tenant_id = ${seed.teaId} and user_id = ${u.id}`)).toEqual([{ role: "finance" }]);
    expect(await count(sql`select count(*)::int as n from audit_log where tenant_id = ${seed.teaId} and action = 'member.join' and target = ${"user:" + u.id}`)).toBe(1);
  });

  test("an unknown token is NOT_FOUND, and accepting needs a signed-in user", async () => {
    expect((await rejection(as(null, null).invitations.preview({ token: "no-such-token-000" }))).code).toBe("NOT_FOUND");
    const inv = await as(users.owner, seed.teaId).members.invite({ email: "anon@example.com", role: "viewer" });
    expect((await rejection(as(null, null).invitations.accept({ token: inv.token }))).code).toBe("UNAUTHORIZED");
    expect(await truth(sql`select status from invitations where id = ${inv.id}`)).toEqual([{ status: "pending" }]);
  });
});

describe("agency cloning stays inside the agency", () => {
  test("an agency cannot clone a tenant it does not run, and nothing is created", async () => {
    const before = await globalCounts();
    const e = await rejection(as(users.agency, null).agency.cloneTenant({ sourceId: seed.teaId, name: "偷来的店", slug: "stolen-tea" }));
    expect(e.code).toBe("NOT_FOUND");
    expect(await globalCounts()).toEqual(before);
  });

  test("a merchant who is not agency staff cannot clone at all", async () => {
    const e = await rejection(as(users.owner, seed.teaId).agency.cloneTenant({ sourceId: seed.teaId, name: "复制", slug: "copy-tea" }));
    expect(e.code).toBe("FORBIDDEN");
  });

  test("cloning one of its own tenants copies the catalog and theme into a new tenant the agency runs", async () => {
    const created = await as(users.agency, null).agency.cloneTenant({ sourceId: seed.freshId, name: "鲜果到家 二店", slug: "fresh-two" });
    const [src] = await truth<{ n: number; theme: unknown }>(sql`select (select count(*)::int from products where tenant_id = ${seed.freshId}) as n, (select theme from tenants where id = ${seed.freshId}) as theme`);
    const [dst] = await truth<{ n: number; theme: unknown; agency: string }>(sql`select (select count(*)::int from products where tenant_id = ${created.id}) as n, t.theme, t.agency_id::text as agency from tenants t where t.id = ${created.id}`);
    expect(dst).toEqual({ n: src!.n, theme: src!.theme, agency: seed.agencyId });

    // The clone's pictures are its own copies: same bytes, its own media rows, no URL of the source.
    const pictures = (tenantId: string) =>
      truth<{ name: string; url: string; tenant: string; hex: string }>(sql`
        select p.name, i.url, m.tenant_id::text as tenant, encode(m.bytes, 'hex') as hex
          from products p cross join lateral jsonb_array_elements_text(p.images) as i(url)
          left join media m on m.tenant_id = p.tenant_id and '/api/media/' || m.tenant_id || '/' || m.id = i.url
         where p.tenant_id = ${tenantId} order by p.name, i.url`);
    const before = await pictures(seed.freshId);
    const after = await pictures(created.id);
    expect(after.length).toBe(before.length);
    expect(after.length).toBeGreaterThan(0);
    for (const a of after) {
      expect(a.url.startsWith(`/api/media/${created.id}/`), a.url).toBe(true);
      expect(a.tenant, `${a.name}: no media row of its own`).toBe(created.id);
    }
    expect(after.map((a) => [a.name, a.hex])).toEqual(before.map((b) => [b.name, b.hex]));
    // Deleting the source's media would not break the clone.
    expect(await count(sql`select count(*)::int as n from products where tenant_id = ${created.id} and images::text like ${`%${seed.freshId}%`}`)).toBe(0);
  });
});

describe("template pictures", () => {
  test("a shop opened from a template shows every product with the template's picture, stored as the shop's own media", async () => {
    const tpl = getTemplate("cosmetics")!;
    const rows = await truth<{ name: string; images: string[] }>(sql`select name, images from products where tenant_id = ${seed.beautyId}`);
    expect(rows.length).toBe(tpl.products.length);
    for (const p of tpl.products) {
      const row = rows.find((r) => r.name === p.name)!;
      expect(row.images.length, p.key).toBe(p.images.length);
      const [mediaId] = row.images[0]!.match(new RegExp(`^/api/media/${seed.beautyId}/([0-9a-f-]{36})$`))!.slice(1);
      const [m] = await truth<{ hex: string; type: string }>(sql`select encode(bytes, 'hex') as hex, content_type as type from media where tenant_id = ${seed.beautyId} and id = ${mediaId}`);
      const want = templateImageBytes(p.images[0]!);
      expect(m!.hex, p.key).toBe(Buffer.from(want).toString("hex"));
      expect(m!.type).toBe(sniffImage(want));
    }
  });

  test("re-seeding a demo database made before templates had pictures gives its products their pictures", async () => {
    const [p] = await truth<{ id: string }>(sql`select id::text from products where tenant_id = ${seed.teaId} order by sort limit 1`);
    await db.execute(sql`update products set images = '[]'::jsonb where tenant_id = ${seed.teaId} and id = ${p!.id}`);
    await seedDemo(db);
    const [after] = await truth<{ images: string[] }>(sql`select images from products where tenant_id = ${seed.teaId} and id = ${p!.id}`);
    expect(after!.images).toHaveLength(1);
    expect(after!.images[0]).toMatch(new RegExp(`^/api/media/${seed.teaId}/`));
    // Idempotent: a second run adds no media.
    const media = await count(sql`select count(*)::int as n from media where tenant_id = ${seed.teaId}`);
    await seedDemo(db);
    expect(await count(sql`select count(*)::int as n from media where tenant_id = ${seed.teaId}`)).toBe(media);
  });

  test("a new cosmetics shop (onboarding) opens with no margin-guard warning and saves its plan unchanged", async () => {
    const created = await as(users.shopper, null).onboarding.createTenant({ name: "新美妆店", slug: "new-beauty-guard", template: "cosmetics" });
    const console_ = as(users.shopper, created.id);
    expect(await console_.distribution.guard()).toEqual([]);
    const { programme } = await console_.distribution.programme();
    await expect(console_.distribution.saveProgramme(programme)).resolves.toBeTruthy();
  });
});

describe("agency console figures", () => {
  test("lists exactly the agency's tenants, each with figures counted under its own RLS context", async () => {
    const { tenants } = await as(users.agency, null).agency.overview();
    const own = tenants.filter((t) => t.id === seed.beautyId || t.id === seed.freshId);
    expect(own.map((t) => t.slug).sort()).toEqual(["beauty", "fresh"]);
    expect(tenants.some((t) => t.id === seed.teaId)).toBe(false);
    for (const t of own) {
      const [want] = await truth<{ products: number; members: number; distributors: number }>(sql`select
        (select count(*)::int from products where tenant_id = ${t.id}) as products,
        (select count(*)::int from memberships where tenant_id = ${t.id}) as members,
        (select count(*)::int from distributors where tenant_id = ${t.id}) as distributors`);
      expect({ products: t.products, members: t.members, distributors: t.distributors }).toEqual(want);
    }
    expect(own.find((t) => t.slug === "beauty")!.distributors).toBeGreaterThan(0);
  });
});
