/**
 * A shop's addresses (security review): a custom domain serves only once its
 * owner proves control (tenant.verifyDomain with a fake DomainCheck, so the
 * suite runs offline), and a renamed shop's old slug keeps pointing at it for
 * 90 days, refused to every other tenant meanwhile.
 */
import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { rowsOf, type Database, type Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { resolveTenant } from "../../db/src/queries/tenants";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import type { Locale } from "../../i18n/src";
import type { DomainCheck, DomainCheckResult } from "../../tenancy/src/domain-verification";
import { createCaller } from "../src/root";
import type { Context, User } from "../src/trpc";
import { httpError, keyOf, loadUser, rejection, truthOf, userIdByEmail } from "./helpers";

let database: Database;
let db: Db;
let seed: Awaited<ReturnType<typeof seedDemo>>;
const users: Record<"owner" | "agency" | "viewer" | "shopper", User> = {} as never;
const truth = <T>(q: SQL) => truthOf(db)<T>(q);

/** What the fake checker was asked, and what it answers next. */
const checks: { domain: string; token: string }[] = [];
let answer: DomainCheckResult = { ok: false, reason: "domainVerify.notFound" };
const fakeCheck: DomainCheck = async (domain, token) => (checks.push({ domain, token }), answer);

const ctxOf = (user: User | null, activeTenantId: string | null, locale: Locale = "zh-CN"): Context => ({ db, user, locale, activeTenantId, domainCheck: fakeCheck });
const as = (user: User | null, activeTenantId: string | null) => createCaller(ctxOf(user, activeTenantId));

async function settingsOf(user: User, tenantId: string, over: Record<string, unknown>) {
  const { tenant } = await as(user, tenantId).tenant.current();
  return { name: tenant.name, slug: tenant.slug, logoUrl: tenant.logoUrl, timeZone: tenant.timeZone, customDomain: tenant.customDomain, wechatAppId: tenant.wechatAppId, ...over };
}
const save = async (user: User, tenantId: string, over: Record<string, unknown>) => as(user, tenantId).tenant.updateSettings(await settingsOf(user, tenantId, over));
/** The tenant a shopper's storefront transaction enters for `key` (the opening statement's lookup). */
const storefrontOf = (key: string) => withContext(db, { storefront: key }, async (_tx, shop) => shop?.id ?? null);
const resolves = async (key: string) => (await withContext(db, {}, (tx) => resolveTenant(tx, key)))?.id ?? null;
const redirects = async () =>
  withContext(db, {}, async (tx) => rowsOf<{ old_slug: string; new_slug: string }>(await tx.execute(sql`select * from app_private.slug_redirects() order by 1`)));

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  users.owner = await loadUser(db, seed.ownerId);
  users.agency = await loadUser(db, seed.agencyUserId);
  users.shopper = await loadUser(db, seed.shopperId);
  users.viewer = await loadUser(db, await userIdByEmail(db, "viewer@demo.local"));
});

afterAll(async () => {
  await database?.close();
});

describe("custom domains serve only after verification", () => {
  test("a saved domain is a pending claim with a token and does not resolve to the tenant", async () => {
    const saved = await save(users.owner, seed.teaId, { customDomain: "Shop.Qingshan-Tea.cn" });
    expect(saved.customDomain).toBe("shop.qingshan-tea.cn");
    expect(saved.domainVerification).toMatchObject({ status: "pending", failure: null });
    expect(saved.domainVerification!.token).toMatch(/^[0-9a-f]{32}$/);
    expect(saved.servedDomain).toBeNull();
    expect(await resolves("shop.qingshan-tea.cn")).toBeNull();
    expect(await storefrontOf("shop.qingshan-tea.cn")).toBeNull();
  });

  test("a failed check is recorded with its reason, and the domain still does not resolve", async () => {
    answer = { ok: false, reason: "domainVerify.txtMismatch" };
    const after = await as(users.owner, seed.teaId).tenant.verifyDomain();
    expect(after.domainVerification).toMatchObject({ status: "failed", failure: "domainVerify.txtMismatch" });
    expect(checks.at(-1)).toEqual({ domain: "shop.qingshan-tea.cn", token: after.domainVerification!.token });
    expect(await resolves("shop.qingshan-tea.cn")).toBeNull();
  });

  test("a viewer cannot verify", async () => {
    const e = await rejection(as(users.viewer, seed.teaId).tenant.verifyDomain());
    expect(e.code).toBe("FORBIDDEN");
  });

  test("once verified the domain resolves to the tenant, for the public lookup and the storefront", async () => {
    answer = { ok: true, method: "dns" };
    const after = await as(users.owner, seed.teaId).tenant.verifyDomain();
    expect(after.domainVerification).toMatchObject({ status: "verified", failure: null });
    expect(after.servedDomain).toBe("shop.qingshan-tea.cn");
    expect(await resolves("shop.qingshan-tea.cn")).toBe(seed.teaId);
    expect(await storefrontOf("SHOP.qingshan-tea.cn")).toBe(seed.teaId);
    const [audit] = await truth<{ n: number }>(sql`select count(*)::int as n from audit_log where tenant_id = ${seed.teaId} and action = 'tenant.domainVerified'`);
    expect(audit!.n).toBe(1);
  });

  test("another tenant cannot claim a domain someone verified", async () => {
    const e = await rejection(save(users.agency, seed.beautyId, { customDomain: "shop.qingshan-tea.cn" }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("domain.taken");
    expect(await truth(sql`select tenant_id::text as t, status from tenant_domains where domain = 'shop.qingshan-tea.cn'`)).toEqual([{ t: seed.teaId, status: "verified" }]);
    const en = await httpError(ctxOf(users.agency, seed.beautyId, "en"), "tenant.updateSettings", await settingsOf(users.agency, seed.beautyId, { customDomain: "shop.qingshan-tea.cn" }));
    expect(en.fieldErrors?.customDomain).toContain("shop.qingshan-tea.cn");
  });

  test("a pending claim blocks nobody, but loses to the tenant that verifies first", async () => {
    // Beauty claims a host first and never proves it; tea can still claim and verify it.
    await save(users.agency, seed.beautyId, { customDomain: "m.shared-brand.com" });
    await save(users.owner, seed.teaId, { customDomain: "m.shared-brand.com" });
    answer = { ok: true, method: "http" };
    await as(users.owner, seed.teaId).tenant.verifyDomain();
    expect(await resolves("m.shared-brand.com")).toBe(seed.teaId);
    // Even with a check that passes, beauty's claim cannot be verified any more.
    const e = await rejection(as(users.agency, seed.beautyId).tenant.verifyDomain());
    expect(keyOf(e)).toBe("domain.taken");
    expect(await truth(sql`select status from tenant_domains where tenant_id = ${seed.beautyId}`)).toEqual([{ status: "pending" }]);
    // The old verified host stopped serving when tea changed its domain.
    expect(await resolves("shop.qingshan-tea.cn")).toBeNull();
  });

  test("a database write cannot verify one host twice (the partial unique index)", async () => {
    const f = await db.execute(sql`update tenant_domains set status = 'verified' where tenant_id = ${seed.beautyId}`).then(
      () => null,
      (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
    );
    expect(f).toBe("23505");
  });

  test("verifying with no domain saved is a translated BAD_REQUEST", async () => {
    await save(users.agency, seed.beautyId, { customDomain: null });
    const zh = await httpError(ctxOf(users.agency, seed.beautyId), "tenant.verifyDomain", undefined);
    expect(zh.key).toBe("domainVerify.noDomain");
    expect(zh.message).toContain("自定义域名");
    const en = await httpError(ctxOf(users.agency, seed.beautyId, "en"), "tenant.verifyDomain", undefined);
    expect(en.message).toContain("custom domain");
  });
});

describe("a renamed shop's old slug", () => {
  test("redirects to the new slug for 90 days and no longer resolves itself", async () => {
    const saved = await save(users.agency, seed.freshId, { slug: "fresh-market" });
    expect(saved.slug).toBe("fresh-market");
    expect(await resolves("fresh-market")).toBe(seed.freshId);
    expect(await resolves("fresh")).toBeNull();
    expect(await redirects()).toContainEqual({ old_slug: "fresh", new_slug: "fresh-market" });
    const [h] = await truth<{ days: number }>(sql`select round(extract(epoch from expires_at - now()) / 86400)::int as days from app_private.slug_history where slug = 'fresh'`);
    expect(h!.days).toBe(90);
  });

  test("a second rename keeps both old slugs pointing at the newest", async () => {
    await save(users.agency, seed.freshId, { slug: "fresh-2" });
    const mine = (await redirects()).filter((r) => r.new_slug === "fresh-2").map((r) => r.old_slug).sort();
    expect(mine).toEqual(["fresh", "fresh-market"]);
  });

  test("another tenant cannot rename to it, nor can a new shop take it (slug.taken, translated)", async () => {
    const e = await rejection(save(users.agency, seed.beautyId, { slug: "fresh" }));
    expect(e.code).toBe("CONFLICT");
    expect(keyOf(e)).toBe("slug.taken");
    const zh = await httpError(ctxOf(users.shopper, null), "onboarding.createTenant", { name: "抢注", slug: "fresh-market", template: "fresh" });
    expect(zh.code).toBe("CONFLICT");
    expect(zh.fieldErrors?.slug).toContain("fresh-market");
    const en = await httpError(ctxOf(users.shopper, null, "en"), "onboarding.createTenant", { name: "Squat", slug: "fresh", template: "fresh" });
    expect(en.message).toMatch(/fresh/);
    expect(en.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  test("the database refuses it too, whoever writes (the trigger)", async () => {
    const f = await db.execute(sql`update tenants set slug = 'fresh' where id = ${seed.beautyId}`).then(
      () => null,
      (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
    );
    expect(f).toBe("23505");
  });

  test("the shop itself may take its old slug back", async () => {
    await save(users.agency, seed.freshId, { slug: "fresh" });
    expect(await resolves("fresh")).toBe(seed.freshId);
    const mine = (await redirects()).filter((r) => r.new_slug === "fresh").map((r) => r.old_slug).sort();
    expect(mine).toEqual(["fresh-2", "fresh-market"]);
  });

  test("after 90 days it is free again", async () => {
    await db.execute(sql`update app_private.slug_history set expires_at = now() - interval '1 second' where slug = 'fresh-market'`);
    expect((await redirects()).map((r) => r.old_slug)).not.toContain("fresh-market");
    const created = await as(users.shopper, null).onboarding.createTenant({ name: "新鲜市场", slug: "fresh-market", template: "fresh" });
    expect(await resolves("fresh-market")).toBe(created.id);
    expect(await truth(sql`select count(*)::int as n from app_private.slug_history where slug = 'fresh-market'`)).toEqual([{ n: 0 }]);
  });

  test("app_user cannot read or write the history table itself", async () => {
    const f = await withContext(db, { tenantId: seed.freshId }, (tx) => tx.execute(sql`select * from app_private.slug_history`)).then(
      () => null,
      (e: { cause?: { code?: string }; code?: string }) => e.cause?.code ?? e.code,
    );
    expect(f).toBe("42501");
  });
});
