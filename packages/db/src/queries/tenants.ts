import { and, asc, eq, sql } from "drizzle-orm";
import { AppError, isUuid } from "../../../core/src/errors";
import type { Role } from "../../../tenancy/src/roles";
import type { CreateTenantInput, TenantSettingsInput } from "../../../tenancy/src/schemas";
import { getTemplate, templateDistribution, templateImageBytes, templatePageImages, templatePages, type Template } from "../../../templates/src";
import { readTheme } from "../../../theme/src";
import { rowsOf, type Tx } from "../client";
import { setContext } from "../context";
import { categories, commissionOverrides, memberships, productSkus, products, tenantDomains, tenants, type ThemeTokens } from "../schema";
import { writeAudit } from "./audit";
import { insertMediaCopies, readMediaCopies, storeImages } from "./media";
import { getProgramme, putProgramme } from "./distribution-settings";
import { documentRefs } from "../../../decoration/src";
import { cloneLiveRelease, ensureDrafts, liveContent, publish, putDrafts } from "./design";

export type ResolvedTenant = { id: string; slug: string; name: string; status: string };

/** The one public read: a slug or a host name (custom domain) → tenant. */
export async function resolveTenant(tx: Tx, key: string): Promise<ResolvedTenant | null> {
  const [r] = rowsOf<ResolvedTenant>(await tx.execute(sql`select * from app_private.resolve_tenant(${key})`));
  return r ?? null;
}

const EXTERNAL_LOOKUPS = {
  clerkOrg: sql`app_private.tenant_id_by_clerk_org`,
  stripeAccount: sql`app_private.tenant_id_by_stripe_account`,
} as const;

/** The tenant an external id belongs to (a Clerk organization, a Stripe account), through its SECURITY DEFINER lookup. */
export async function tenantIdFor(tx: Tx, kind: keyof typeof EXTERNAL_LOOKUPS, key: string): Promise<string | null> {
  const [r] = rowsOf<{ id: string | null }>(await tx.execute(sql`select ${EXTERNAL_LOOKUPS[kind]}(${key}) as id`));
  return r?.id ?? null;
}

/** The tenant of the current context, with its theme (visible through tenants_read). */
export async function getTenant(tx: Tx, tenantId: string) {
  const [t] = await tx.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!t) return null;
  const [d] = await tx
    .select({ domain: tenantDomains.domain, status: tenantDomains.status, token: tenantDomains.verificationToken, failure: tenantDomains.failure, checkedAt: tenantDomains.checkedAt })
    .from(tenantDomains)
    .where(eq(tenantDomains.tenantId, tenantId));
  return {
    ...t,
    /** The host claimed in settings, verified or not. */
    customDomain: d?.domain ?? null,
    /** Its verification (the settings page's status and instructions). */
    domainVerification: d ? { status: d.status, token: d.token, failure: d.failure, checkedAt: d.checkedAt } : null,
    /** The host that serves the storefront: the claim once verified. */
    servedDomain: d?.status === "verified" ? d.domain : null,
  };
}
export type TenantRow = NonNullable<Awaited<ReturnType<typeof getTenant>>>;

export type TenantAccess = { role: Role; via: "member" | "agency" };

/**
 * How the current user (app.user_id) may act in a tenant: their membership,
 * or admin through the agency that runs it. Null: no access (and the caller
 * answers NOT_FOUND, never revealing that the tenant exists).
 */
export async function accessToTenant(tx: Tx, userId: string, tenantId: string): Promise<TenantAccess | null> {
  if (!isUuid(tenantId)) return null;
  const [m] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  if (m) return { role: m.role, via: "member" };
  const [a] = rowsOf<{ ok: boolean }>(
    await tx.execute(
      sql`select exists(select 1 from tenants t where t.id = ${tenantId} and t.agency_id = any ((select app_private.my_agency_ids())::uuid[])) as ok`,
    ),
  );
  return a?.ok ? { role: "admin", via: "agency" } : null;
}

/** Every tenant the current user can enter (own memberships and their agencies' tenants). */
export async function myTenants(tx: Tx, userId: string) {
  const rows = await tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, agencyId: tenants.agencyId, role: memberships.role })
    .from(tenants)
    .leftJoin(memberships, and(eq(memberships.tenantId, tenants.id), eq(memberships.userId, userId)))
    .where(sql`${tenants.id} = any ((select app_private.my_tenant_ids())::uuid[])`)
    .orderBy(asc(tenants.name));
  return rows.map((r) => ({ ...r, role: (r.role ?? "admin") as Role }));
}

/** Taken: another tenant's slug, or one it was renamed from less than 90 days ago (its old links redirect there, drizzle/0027). */
async function assertSlugFree(tx: Tx, slug: string, self?: string) {
  const hit = await resolveTenant(tx, slug);
  if (hit && hit.id !== self) throw new AppError("CONFLICT", "slug.taken", { slug }, "slug");
  const [held] = rowsOf<{ id: string | null }>(await tx.execute(sql`select app_private.slug_holder(${slug})::text as id`));
  if (held?.id && held.id !== self) throw new AppError("CONFLICT", "slug.taken", { slug }, "slug");
}

export function templateTheme(t: Template): ThemeTokens {
  const { navigation: _n, tabBar: _t, ...tokens } = t.theme;
  return tokens;
}

/**
 * Copies a template's categories, products and SKUs into the current tenant;
 * the products' pictures become the tenant's own media.
 */
export async function importTemplateCatalog(tx: Tx, tenantId: string, template: Template, userId: string | null = null) {
  const catIds = new Map<string, string>();
  const catRows = template.categories.map((c, i) => {
    const id = crypto.randomUUID();
    catIds.set(c.key, id);
    return { tenantId, id, name: c.name, sort: i };
  });
  if (catRows.length) await tx.insert(categories).values(catRows);
  const urls = await storeImages(tx, tenantId, userId, template.products.flatMap((p) => p.images.map((img) => templateImageBytes(img))));
  let next = 0;
  const productRows = template.products.map((p, i) => ({
    tenantId,
    id: crypto.randomUUID(),
    categoryId: catIds.get(p.category)!,
    name: p.name,
    subtitle: p.subtitle,
    description: p.description,
    images: p.images.map(() => urls[next++]!),
    specs: p.specs,
    status: "on_sale" as const,
    sort: i,
  }));
  if (productRows.length) await tx.insert(products).values(productRows);
  const skuRows = template.products.flatMap((p, i) =>
    p.skus.map((s) => ({ tenantId, productId: productRows[i]!.id, code: s.code, spec: s.spec, priceFen: s.priceFen, costFen: s.costFen, stock: s.stock })),
  );
  if (skuRows.length) await tx.insert(productSkus).values(skuRows);
  const productIds = new Map(template.products.map((p, i) => [p.key, productRows[i]!.id]));
  // The pages' pictures (banners) become the shop's media too; a product photo already stored is reused.
  const imageUrls = new Map<string, string>();
  let k = 0;
  for (const p of template.products) for (const img of p.images) imageUrls.set(img, urls[k++]!);
  const extra = templatePageImages(template).filter((img) => !imageUrls.has(img));
  const extraUrls = extra.length ? await storeImages(tx, tenantId, userId, extra.map((img) => templateImageBytes(img))) : [];
  extra.forEach((img, i) => imageUrls.set(img, extraUrls[i]!));
  return { categoryIds: catIds, productIds, imageUrls };
}

/**
 * Gives the template's pictures to the tenant's products that have none and
 * carry a template product's name (a shop seeded before templates shipped
 * pictures). Idempotent: a product with any picture is left alone.
 */
export async function attachTemplatePictures(tx: Tx, tenantId: string, template: Template, userId: string | null = null): Promise<number> {
  const bare = await tx
    .select({ id: products.id, name: products.name })
    .from(products)
    .where(and(eq(products.tenantId, tenantId), sql`${products.images} = '[]'::jsonb`));
  const byName = new Map(template.products.map((p) => [p.name, p]));
  const todo = bare.filter((r) => byName.has(r.name));
  if (!todo.length) return 0;
  const files = todo.map((r) => byName.get(r.name)!.images.map((img) => templateImageBytes(img)));
  const urls = await storeImages(tx, tenantId, userId, files.flat());
  let next = 0;
  for (const [i, r] of todo.entries()) {
    const mine = files[i]!.map(() => urls[next++]!);
    await tx.update(products).set({ images: mine }).where(and(eq(products.tenantId, tenantId), eq(products.id, r.id)));
  }
  return todo.length;
}

/**
 * The registry row and its owner. Leaves the transaction in the new tenant's
 * context, so what the caller writes next lands in (and only in) that tenant.
 */
async function insertTenantWithOwner(tx: Tx, userId: string, values: typeof tenants.$inferInsert): Promise<string> {
  await assertSlugFree(tx, values.slug);
  const id = values.id ?? crypto.randomUUID();
  await setContext(tx, { userId, tenantId: id });
  try {
    await tx.insert(tenants).values({ ...values, id });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "slug.taken", { slug: values.slug }, "slug");
    throw e;
  }
  await tx.insert(memberships).values({ tenantId: id, userId, role: "owner" });
  return id;
}

/**
 * Sign-up / agency "create tenant": the tenant, its owner and the template's
 * catalog, all in the caller's transaction (nothing half-created on error).
 */
export async function createTenantFromTemplate(
  tx: Tx,
  userId: string,
  input: CreateTenantInput & { agencyId?: string | null; plan?: "basic" | "pro" | "agency" },
) {
  const template = getTemplate(input.template);
  if (!template) throw new AppError("BAD_REQUEST", "template.unknown", { template: input.template }, "template");
  const id = await insertTenantWithOwner(tx, userId, {
    slug: input.slug,
    name: input.name,
    template: template.key,
    agencyId: input.agencyId ?? null,
    plan: input.plan ?? (input.agencyId ? "agency" : "basic"),
    theme: templateTheme(template),
  });
  const refs = await importTemplateCatalog(tx, id, template, userId);
  await putProgramme(tx, id, templateDistribution(template));
  // The shop opens published: the template's theme and pages as drafts, release v1 serving them.
  const pages = templatePages(template, { product: (k) => refs.productIds.get(k), category: (k) => refs.categoryIds.get(k), image: (p) => refs.imageUrls.get(p) });
  if (pages.length) await putDrafts(tx, id, userId, readTheme(template.theme), pages);
  else await ensureDrafts(tx, id, userId);
  await publish(tx, id, userId, "v1");
  await writeAudit(tx, { tenantId: id, actorUserId: userId, action: "tenant.create", target: `tenant:${id}`, after: { slug: input.slug, template: template.key } });
  return { id, slug: input.slug };
}

/**
 * Agency "clone this tenant's configuration": a new tenant with the source's
 * theme, settings and catalog (not its members, orders or distributors).
 * The products' pictures are copied into the new tenant's own media, so the
 * clone never points at (or depends on) the source's files.
 */
export async function cloneTenant(tx: Tx, userId: string, sourceId: string, input: { name: string; slug: string }) {
  const source = await getTenant(tx, sourceId);
  if (!source) throw new AppError("NOT_FOUND", "notFound");
  await setContext(tx, { userId, tenantId: sourceId });
  const cats = await tx.select().from(categories).where(eq(categories.tenantId, sourceId));
  const prods = await tx.select().from(products).where(eq(products.tenantId, sourceId));
  const skus = await tx.select().from(productSkus).where(eq(productSkus.tenantId, sourceId));
  const newId = crypto.randomUUID();
  const live = await liveContent(tx, sourceId);
  const designImages = [...live.content.pages.flatMap((d) => documentRefs(d).images), ...(live.content.theme.logo ? [live.content.theme.logo] : [])];
  const { urlMap, copies } = await readMediaCopies(tx, sourceId, newId, [...new Set([...prods.flatMap((p) => p.images), ...designImages])]);

  const id = await insertTenantWithOwner(tx, userId, {
    id: newId,
    slug: input.slug,
    name: input.name,
    template: source.template,
    agencyId: source.agencyId,
    plan: source.plan,
    theme: source.theme,
    logoUrl: source.logoUrl,
    timeZone: source.timeZone,
  });
  const catMap = new Map(cats.map((c) => [c.id, crypto.randomUUID()]));
  const prodMap = new Map(prods.map((p) => [p.id, crypto.randomUUID()]));
  if (cats.length) await tx.insert(categories).values(cats.map((c) => ({ ...c, tenantId: id, id: catMap.get(c.id)!, createdAt: undefined })));
  await insertMediaCopies(tx, copies);
  if (prods.length)
    await tx.insert(products).values(
      prods.map((p) => ({ ...p, tenantId: id, id: prodMap.get(p.id)!, images: p.images.flatMap((u) => urlMap.get(u) ?? []), categoryId: p.categoryId ? catMap.get(p.categoryId)! : null, createdAt: undefined, updatedAt: undefined })),
    );
  if (skus.length)
    await tx.insert(productSkus).values(skus.map((s) => ({ ...s, tenantId: id, id: crypto.randomUUID(), productId: prodMap.get(s.productId)!, createdAt: undefined })));
  await setContext(tx, { userId, tenantId: sourceId });
  const programme = await getProgramme(tx, sourceId);
  const overrides = await tx.select().from(commissionOverrides).where(eq(commissionOverrides.tenantId, sourceId));
  await setContext(tx, { userId, tenantId: id });
  await putProgramme(tx, id, programme);
  if (overrides.length)
    await tx.insert(commissionOverrides).values(
      overrides.map((o) => ({ tenantId: id, productId: o.productId ? prodMap.get(o.productId)! : null, categoryId: o.categoryId ? catMap.get(o.categoryId)! : null, rates: o.rates })),
    );
  // The clone starts from what the source serves: its live release, pointing at the clone's own products, categories and pictures.
  const idMap = new Map<string, string>([...catMap, ...prodMap, ...urlMap, [sourceId, id]]);
  const pattern = idMap.size ? new RegExp([...idMap.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi") : null;
  const lower = new Map([...idMap].map(([k, v]) => [k.toLowerCase(), v]));
  await cloneLiveRelease(tx, id, userId, live.content, (json) => (pattern ? json.replace(pattern, (m) => lower.get(m.toLowerCase()) ?? m) : json));
  await writeAudit(tx, { tenantId: id, actorUserId: userId, action: "tenant.clone", target: `tenant:${id}`, after: { from: source.slug, slug: input.slug } });
  return { id, slug: input.slug };
}

/**
 * Settings page save (tenant context set). Slug and domain uniqueness are
 * checked across tenants; a host another tenant has verified is taken, a new
 * host is a pending claim (verifyTenantDomain, queries/domains.ts).
 */
export async function updateTenantSettings(tx: Tx, tenantId: string, actorUserId: string, input: TenantSettingsInput) {
  const before = await getTenant(tx, tenantId);
  if (!before) throw new AppError("NOT_FOUND", "notFound");
  await assertSlugFree(tx, input.slug, tenantId);
  if (input.customDomain && input.customDomain !== before.customDomain) {
    const hit = await resolveTenant(tx, input.customDomain);
    if (hit && hit.id !== tenantId) throw new AppError("CONFLICT", "domain.taken", { domain: input.customDomain }, "customDomain");
  }
  try {
    await tx
      .update(tenants)
      .set({ name: input.name, slug: input.slug, logoUrl: input.logoUrl, timeZone: input.timeZone, wechatAppId: input.wechatAppId, updatedAt: new Date() })
      .where(eq(tenants.id, tenantId));
  } catch (e) {
    // A concurrent rename or sign-up took the slug (the unique index, or the history trigger).
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "slug.taken", { slug: input.slug }, "slug");
    throw e;
  }
  if (input.customDomain !== before.customDomain) {
    await tx.delete(tenantDomains).where(eq(tenantDomains.tenantId, tenantId));
    if (input.customDomain) {
      try {
        await tx.insert(tenantDomains).values({ tenantId, domain: input.customDomain });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError("CONFLICT", "domain.taken", { domain: input.customDomain }, "customDomain");
        throw e;
      }
    }
  }
  const after = await getTenant(tx, tenantId);
  const pick = (t: TenantRow) => ({ name: t.name, slug: t.slug, logoUrl: t.logoUrl, timeZone: t.timeZone, wechatAppId: t.wechatAppId, customDomain: t.customDomain });
  await writeAudit(tx, { tenantId, actorUserId, action: "tenant.settings", target: `tenant:${tenantId}`, before: pick(before), after: pick(after!) });
  return after!;
}

export function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e; c; c = (c as { cause?: unknown }).cause) {
    if ((c as { code?: string }).code === "23505") return true;
  }
  return false;
}
