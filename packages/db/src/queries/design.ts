/**
 * Store decoration: the draft theme and pages a merchant edits, and the
 * numbered releases the storefront serves (PRODUCT.md §6.1, §6.2, §6.4).
 * What a valid document or theme is lives in packages/decoration and
 * packages/theme; this file checks references against the shop, persists and
 * numbers releases under a lock.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import { parseMediaUrl } from "../../../catalog/src/image";
import {
  defaultCategoryDocument,
  defaultHomeDocument,
  documentRefs,
  emptyDocument,
  MAX_LANDING_PAGES,
  pageSlugSchema,
  parseDocument,
  releaseChanges,
  stableJson,
  type PageDocument,
  type ReleaseContent,
} from "../../../decoration/src";
import { readTheme, themeSchema, type Theme } from "../../../theme/src";
import { rowsOf, type Tx } from "../client";
import { categories, designDrafts, media, products, releases, storePages, tenants, users } from "../schema";
import { writeAudit } from "./audit";

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "23505" || (e as { cause?: { code?: string } })?.cause?.code === "23505";

/** A path like ["blocks", 3, "props", "image"] as the form field name "blocks.3.props.image". */
const field = (path: (string | number)[]) => path.join(".");

/**
 * The shop's drafts, made on first use from what the shop shows today (its
 * theme row, the default home and category pages). Idempotent under
 * concurrent first visits (ON CONFLICT DO NOTHING).
 */
export async function ensureDrafts(tx: Tx, tenantId: string, userId: string | null = null) {
  const [t] = await tx.select({ theme: tenants.theme, logoUrl: tenants.logoUrl }).from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw new AppError("NOT_FOUND", "notFound");
  const theme = readTheme({ ...t.theme, logo: (t.theme as { logo?: string | null }).logo ?? (t.logoUrl && parseMediaUrl(t.logoUrl) ? t.logoUrl : null) });
  await tx.insert(designDrafts).values({ tenantId, theme, updatedBy: userId }).onConflictDoNothing();
  await tx
    .insert(storePages)
    .values([
      { tenantId, kind: "home", slug: "", title: "", document: defaultHomeDocument(), updatedBy: userId },
      { tenantId, kind: "category", slug: "", title: "", document: defaultCategoryDocument(), updatedBy: userId },
    ])
    .onConflictDoNothing();
}

/** Starting drafts from a template (a new shop): its theme and pages, replacing the defaults. */
export async function putDrafts(tx: Tx, tenantId: string, userId: string | null, theme: Theme, pages: PageDocument[]) {
  await tx.insert(designDrafts).values({ tenantId, theme, updatedBy: userId }).onConflictDoUpdate({ target: designDrafts.tenantId, set: { theme, updatedBy: userId, updatedAt: new Date() } });
  await tx.delete(storePages).where(eq(storePages.tenantId, tenantId));
  if (pages.length)
    await tx.insert(storePages).values(pages.map((d) => ({ tenantId, kind: d.kind, slug: d.slug ?? "", title: d.title, document: d, updatedBy: userId })));
  await ensureDrafts(tx, tenantId, userId);
}

async function draftRows(tx: Tx, tenantId: string) {
  const [d] = await tx.select().from(designDrafts).where(eq(designDrafts.tenantId, tenantId));
  const pages = await tx
    .select()
    .from(storePages)
    .where(eq(storePages.tenantId, tenantId))
    .orderBy(sql`case ${storePages.kind} when 'home' then 0 when 'category' then 1 else 2 end`, asc(storePages.createdAt), asc(storePages.slug));
  return { draft: d ?? null, pages };
}

/** The drafts as a release would snapshot them (the signed preview shows this). */
export async function draftContent(tx: Tx, tenantId: string): Promise<ReleaseContent> {
  await ensureDrafts(tx, tenantId);
  return (await readDrafts(tx, tenantId))!;
}

/**
 * The drafts as they are, without making them (the storefront's signed
 * preview reads them in a shopper's transaction, which may not write): null
 * for a shop that has none yet.
 */
export async function readDrafts(tx: Tx, tenantId: string): Promise<ReleaseContent | null> {
  const { draft, pages } = await draftRows(tx, tenantId);
  if (!draft) return null;
  const [t] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return { theme: readTheme(draft.theme), pages: pages.map((p) => p.document), settings: { name: t?.name ?? "", description: "" } };
}

export async function latestRelease(tx: Tx, tenantId: string) {
  const [r] = await tx.select().from(releases).where(eq(releases.tenantId, tenantId)).orderBy(desc(releases.version)).limit(1);
  return r ?? null;
}

/**
 * What the storefront shows: the latest release, or, before the first
 * publish, the shop as it has always looked (its theme row and the default
 * pages). Read-only, so it works in a shopper's transaction.
 */
export async function liveContent(tx: Tx, tenantId: string): Promise<{ version: number | null; content: ReleaseContent }> {
  const r = await latestRelease(tx, tenantId);
  if (r) return { version: r.version, content: { ...r.content, theme: readTheme(r.content.theme) } };
  const [t] = await tx.select({ theme: tenants.theme, name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  return { version: null, content: { theme: readTheme(t?.theme), pages: [defaultHomeDocument(), defaultCategoryDocument()], settings: { name: t?.name ?? "", description: "" } } };
}

/** The console's design pages: drafts, and whether they differ from what is live. */
export async function getDesign(tx: Tx, tenantId: string) {
  await ensureDrafts(tx, tenantId);
  const { draft, pages } = await draftRows(tx, tenantId);
  const live = await latestRelease(tx, tenantId);
  const theme = readTheme(draft!.theme);
  const current: ReleaseContent = { theme, pages: pages.map((p) => p.document), settings: live?.content.settings ?? { name: "", description: "" } };
  const changedSinceLive = !live || stableJson({ t: readTheme(live.content.theme), p: live.content.pages }) !== stableJson({ t: theme, p: current.pages });
  return {
    theme,
    pages: pages.map((p) => ({ id: p.id, kind: p.kind, slug: p.slug || null, title: p.title, document: p.document, updatedAt: p.updatedAt })),
    live: live ? { version: live.version, createdAt: live.createdAt } : null,
    changedSinceLive,
  };
}

/** Saves the draft theme: valid tokens, readable text (AA), a logo of the shop's own. */
export async function saveTheme(tx: Tx, tenantId: string, userId: string, input: unknown) {
  const parsed = themeSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const params = (i as { params?: Record<string, string> }).params ?? {};
    throw new AppError("BAD_REQUEST", i.message, params, field(i.path as (string | number)[]));
  }
  const theme = parsed.data;
  if (theme.logo) await assertOwnImages(tx, tenantId, [theme.logo], "logo");
  for (const [i, item] of [...theme.tabBar.entries()].map(([i, x]) => [i, x] as const)) {
    if (item.target === "page") await assertPagesExist(tx, tenantId, [item.pageSlug!], `tabBar.${i}.pageSlug`);
  }
  for (const [i, item] of theme.navigation.entries()) {
    if (item.target === "page") await assertPagesExist(tx, tenantId, [item.pageSlug!], `navigation.${i}.pageSlug`);
  }
  await ensureDrafts(tx, tenantId, userId);
  await tx.update(designDrafts).set({ theme, updatedBy: userId, updatedAt: new Date() }).where(eq(designDrafts.tenantId, tenantId));
  return { theme };
}

async function assertOwnImages(tx: Tx, tenantId: string, urls: string[], at: string) {
  const ids: string[] = [];
  for (const u of urls) {
    const m = parseMediaUrl(u);
    if (!m || m.tenantId !== tenantId.toLowerCase()) throw new AppError("BAD_REQUEST", "decoration.imageForeign", {}, at);
    ids.push(m.mediaId);
  }
  if (!ids.length) return;
  const found = await tx.select({ id: media.id }).from(media).where(and(eq(media.tenantId, tenantId), inArray(media.id, ids)));
  if (found.length !== new Set(ids).size) throw new AppError("BAD_REQUEST", "decoration.imageForeign", {}, at);
}

async function assertPagesExist(tx: Tx, tenantId: string, slugs: string[], at: string) {
  if (!slugs.length) return;
  const found = await tx.select({ slug: storePages.slug }).from(storePages).where(and(eq(storePages.tenantId, tenantId), eq(storePages.kind, "landing"), inArray(storePages.slug, slugs)));
  if (found.length !== new Set(slugs).size) throw new AppError("BAD_REQUEST", "decoration.linkForeign", {}, at);
}

/**
 * Every product, category, landing page and picture the document names must
 * be this shop's: a link or image of another shop is refused (RLS would hide
 * it, so "not found here" is the test).
 */
async function assertOwnRefs(tx: Tx, tenantId: string, doc: PageDocument) {
  const refs = documentRefs(doc);
  // The first block that names a missing reference, for the error's field.
  const where = (pred: (b: PageDocument["blocks"][number]) => boolean) => {
    const i = doc.blocks.findIndex(pred);
    return i >= 0 ? `blocks.${i}` : "blocks";
  };
  const has = (b: unknown, id: string) => JSON.stringify(b).toLowerCase().includes(id);
  if (refs.productIds.length) {
    const found = new Set((await tx.select({ id: products.id }).from(products).where(and(eq(products.tenantId, tenantId), inArray(products.id, refs.productIds)))).map((r) => r.id));
    const missing = refs.productIds.find((id) => !found.has(id));
    if (missing) throw new AppError("BAD_REQUEST", "decoration.linkForeign", {}, where((b) => has(b, missing)));
  }
  if (refs.categoryIds.length) {
    const found = new Set((await tx.select({ id: categories.id }).from(categories).where(and(eq(categories.tenantId, tenantId), inArray(categories.id, refs.categoryIds)))).map((r) => r.id));
    const missing = refs.categoryIds.find((id) => !found.has(id));
    if (missing) throw new AppError("BAD_REQUEST", "decoration.linkForeign", {}, where((b) => has(b, missing)));
  }
  if (refs.pageSlugs.length) {
    const mine = doc.kind === "landing" ? doc.slug : undefined;
    const others = refs.pageSlugs.filter((s) => s !== mine);
    if (others.length) {
      const found = new Set((await tx.select({ slug: storePages.slug }).from(storePages).where(and(eq(storePages.tenantId, tenantId), eq(storePages.kind, "landing"), inArray(storePages.slug, others)))).map((r) => r.slug));
      const missing = others.find((s) => !found.has(s));
      if (missing) throw new AppError("BAD_REQUEST", "decoration.linkForeign", {}, where((b) => has(b, `"slug":"${missing}"`)));
    }
  }
  for (const url of refs.images) {
    const m = parseMediaUrl(url);
    if (!m || m.tenantId !== tenantId.toLowerCase()) throw new AppError("BAD_REQUEST", "decoration.imageForeign", {}, where((b) => has(b, url.toLowerCase())));
  }
  await assertOwnImages(tx, tenantId, refs.images, "blocks");
}

/** Validates a draft document for a page: the block schemas, the limits, the shop's own references. */
export async function validatePageDocument(tx: Tx, tenantId: string, raw: unknown): Promise<PageDocument> {
  const parsed = parseDocument(raw);
  if (!parsed.ok) {
    const i = parsed.issues[0]!;
    throw new AppError("BAD_REQUEST", i.message, i.params ?? {}, field(i.path) || "document");
  }
  await assertOwnRefs(tx, tenantId, parsed.doc);
  return parsed.doc;
}

/** Saves a page's draft document (kind and slug stay the page's own). */
export async function savePage(tx: Tx, tenantId: string, userId: string, pageId: string, raw: unknown) {
  const [page] = await tx.select().from(storePages).where(and(eq(storePages.tenantId, tenantId), eq(storePages.id, pageId))).for("update");
  if (!page) throw new AppError("NOT_FOUND", "page.notFound");
  const withIdentity = { ...(raw && typeof raw === "object" ? raw : {}), kind: page.kind, ...(page.kind === "landing" ? { slug: page.slug } : { slug: undefined }) };
  const doc = await validatePageDocument(tx, tenantId, withIdentity);
  const [row] = await tx
    .update(storePages)
    .set({ document: doc, title: doc.title, updatedBy: userId, updatedAt: new Date() })
    .where(and(eq(storePages.tenantId, tenantId), eq(storePages.id, pageId)))
    .returning({ updatedAt: storePages.updatedAt });
  return { updatedAt: row!.updatedAt, document: doc };
}

export async function createLandingPage(tx: Tx, tenantId: string, userId: string, input: { slug: string; title: string }) {
  const slug = pageSlugSchema.safeParse(input.slug);
  if (!slug.success) throw new AppError("BAD_REQUEST", slug.error.issues[0]!.message, {}, "slug");
  const title = input.title.trim().slice(0, 40);
  await ensureDrafts(tx, tenantId, userId);
  const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from store_pages where tenant_id = ${tenantId} and kind = 'landing'`)) as [{ n: number }];
  if (n >= MAX_LANDING_PAGES) throw new AppError("BAD_REQUEST", "page.tooMany", { max: MAX_LANDING_PAGES }, "slug");
  try {
    const [row] = await tx
      .insert(storePages)
      .values({ tenantId, kind: "landing", slug: slug.data, title, document: emptyDocument("landing", slug.data, title), updatedBy: userId })
      .returning({ id: storePages.id });
    return { id: row!.id };
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "page.slugTaken", { slug: slug.data }, "slug");
    throw e;
  }
}

/** Deletes a landing page's draft (the live release keeps it until the next publish). */
export async function deletePage(tx: Tx, tenantId: string, pageId: string) {
  const [page] = await tx.select({ kind: storePages.kind }).from(storePages).where(and(eq(storePages.tenantId, tenantId), eq(storePages.id, pageId)));
  if (!page) throw new AppError("NOT_FOUND", "page.notFound");
  if (page.kind !== "landing") throw new AppError("BAD_REQUEST", "page.homeRequired");
  await tx.delete(storePages).where(and(eq(storePages.tenantId, tenantId), eq(storePages.id, pageId)));
}

/**
 * Appends a release: the next number under a lock on the shop's row (two
 * publishes at once get v2 and v3, never two v2), its changes against the one
 * before, and the shop row's theme, tab bar and logo follow (the storefront's layout, favicon, console chrome).
 */
async function appendRelease(tx: Tx, tenantId: string, userId: string, content: ReleaseContent, note: string, rolledBackFrom: number | null) {
  await tx.execute(sql`select 1 from tenants where id = ${tenantId} for update`);
  const prev = await latestRelease(tx, tenantId);
  const version = (prev?.version ?? 0) + 1;
  const changes = releaseChanges(prev ? { ...prev.content, theme: readTheme(prev.content.theme) } : null, content);
  await tx.insert(releases).values({ tenantId, version, content, changes, note: note.trim().slice(0, 200), createdBy: userId, rolledBackFrom });
  // The shop row carries what the storefront's layout paints on every page (colours, the tab bar, the logo), so the
  // layout of a cached product page reads the tenant it already has and no release.
  const { logo, navigation: _nav, tabBar, ...tokens } = content.theme;
  await tx
    .update(tenants)
    .set({ theme: { ...tokens, tabBar }, ...(logo ? { logoUrl: logo } : {}), updatedAt: new Date() })
    .where(eq(tenants.id, tenantId));
  await writeAudit(tx, { tenantId, actorUserId: userId, action: rolledBackFrom ? "design.rollback" : "design.publish", target: `release:${version}`, after: { version, note, rolledBackFrom } });
  return { version };
}

/** 发布: the drafts, validated again (a product deleted since the save is refused now), become the next release. */
export async function publish(tx: Tx, tenantId: string, userId: string, note: string) {
  const content = await draftContent(tx, tenantId);
  for (const [i, doc] of content.pages.entries()) {
    try {
      content.pages[i] = await validatePageDocument(tx, tenantId, doc);
    } catch (e) {
      if (e instanceof AppError) throw new AppError(e.code, e.key, { ...e.params, page: doc.title || doc.slug || doc.kind }, `pages.${i}.${e.field ?? ""}`);
      throw e;
    }
  }
  const [t] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  content.settings = { name: t?.name ?? "", description: "" };
  return appendRelease(tx, tenantId, userId, content, note, null);
}

/** 回滚: a new release with an earlier release's content (history only grows); the drafts follow it. */
export async function rollback(tx: Tx, tenantId: string, userId: string, version: number) {
  const [r] = await tx.select().from(releases).where(and(eq(releases.tenantId, tenantId), eq(releases.version, version)));
  if (!r) throw new AppError("NOT_FOUND", "notFound");
  const content = { ...r.content, theme: readTheme(r.content.theme) };
  const out = await appendRelease(tx, tenantId, userId, content, `v${version}`, version);
  await putDrafts(tx, tenantId, userId, content.theme, content.pages);
  return out;
}

export async function listReleases(tx: Tx, tenantId: string) {
  return tx
    .select({ version: releases.version, note: releases.note, createdAt: releases.createdAt, createdByName: users.name, rolledBackFrom: releases.rolledBackFrom, changes: releases.changes })
    .from(releases)
    .leftJoin(users, eq(users.id, releases.createdBy))
    .where(eq(releases.tenantId, tenantId))
    .orderBy(desc(releases.version));
}

/** An agency clone starts from the source's live release as its v1 (pictures and ids mapped to the clone's copies). */
export async function cloneLiveRelease(tx: Tx, toTenantId: string, userId: string, live: ReleaseContent, map: (json: string) => string) {
  const content = JSON.parse(map(JSON.stringify(live))) as ReleaseContent;
  await putDrafts(tx, toTenantId, userId, readTheme(content.theme), content.pages);
  return appendRelease(tx, toTenantId, userId, { ...content, theme: readTheme(content.theme) }, "clone", null);
}
