/**
 * Distributors' personal shops (PRODUCT.md §6.3) and their moderation
 * (§8.1). The rules (what a level may change, which words are banned) are
 * pure, in packages/decoration/src/personal-shop.ts; this file persists,
 * locks and audits. Shoppers see a shop's last approved content only.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import {
  EMPTY_SHOP,
  flaggedWords,
  mayDecorate,
  merchantWordsSchema,
  NO_SHOP_RIGHTS,
  personalShopSchema,
  picksDocument,
  REJECTIONS_TO_SUSPEND,
  rightsViolation,
  type PersonalShop,
  type ShopRights,
} from "../../../decoration/src/personal-shop";
import { rowsOf, type Tx } from "../client";
import { distributionSettings, distributors, distributorShops, products, shopReviews, users } from "../schema";
import { writeAudit } from "./audit";
import { assertOwnImages } from "./design";
import { getProgramme } from "./distribution-settings";
import { blockData } from "./block-data";

/** What the level allows (a level's rights as the merchant set them on the levels page). */
async function rightsFor(tx: Tx, tenantId: string, level: number): Promise<{ rights: ShopRights; levelName: { "zh-CN": string; en: string } | null }> {
  const { levels } = await getProgramme(tx, tenantId);
  const l = levels.find((x) => x.level === level);
  return { rights: l?.shop ?? NO_SHOP_RIGHTS, levelName: l?.name ?? null };
}

/** The lowest level whose rights allow decorating (what the distributor is told to reach). */
async function firstDecoratingLevel(tx: Tx, tenantId: string) {
  const { levels } = await getProgramme(tx, tenantId);
  const l = levels.find((x) => mayDecorate(x.shop));
  return l ? { level: l.level, name: l.name } : null;
}

async function merchantWords(tx: Tx, tenantId: string): Promise<string[]> {
  const [r] = await tx.select({ words: distributionSettings.moderationWords }).from(distributionSettings).where(eq(distributionSettings.tenantId, tenantId));
  return r?.words ?? [];
}

/** Content a level still allows (a distributor demoted since approval loses what the new level does not allow). */
export function withinRights(shop: PersonalShop, rights: ShopRights): PersonalShop {
  return {
    title: rights.banner ? shop.title : "",
    banner: rights.banner ? shop.banner : null,
    productIds: shop.productIds.slice(0, rights.maxProducts),
    colour: rights.colours ? shop.colour : null,
  };
}

async function activeDistributor(tx: Tx, tenantId: string, userId: string) {
  const [d] = await tx.select().from(distributors).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  if (!d || d.status !== "active") throw new AppError("FORBIDDEN", "personalShop.notDistributor");
  return d;
}

/** 分销中心 → 我的小店: the rights, what is live, what waits, and why a submission was turned down. */
export async function myShop(tx: Tx, tenantId: string, userId: string) {
  const d = await activeDistributor(tx, tenantId, userId);
  const { rights, levelName } = await rightsFor(tx, tenantId, d.level);
  const [row] = await tx.select().from(distributorShops).where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, userId)));
  const [last] = await tx.select().from(shopReviews).where(and(eq(shopReviews.tenantId, tenantId), eq(shopReviews.userId, userId))).orderBy(desc(shopReviews.createdAt)).limit(1);
  return {
    code: d.code,
    level: d.level,
    levelName,
    rights,
    canDecorate: mayDecorate(rights),
    unlocksAt: mayDecorate(rights) ? null : await firstDecoratingLevel(tx, tenantId),
    live: row?.live ? withinRights(row.live, rights) : EMPTY_SHOP,
    suspended: row?.suspended ?? false,
    rejections: row?.rejections ?? 0,
    last: last ? { status: last.status, reason: last.reason, flagged: last.flagged, content: last.content, createdAt: last.createdAt } : null,
  };
}

/**
 * A distributor saves their shop: within their level's rights (FORBIDDEN
 * naming the field otherwise), products and picture of this shop. Clean text
 * and no new picture go live at once; a banned word or a new picture waits
 * for the merchant (a newer submission replaces a waiting one).
 */
export async function saveMyShop(tx: Tx, tenantId: string, userId: string, input: unknown) {
  const d = await activeDistributor(tx, tenantId, userId);
  await tx.insert(distributorShops).values({ tenantId, userId }).onConflictDoNothing();
  const [row] = await tx.select().from(distributorShops).where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, userId))).for("update");
  if (row!.suspended) throw new AppError("FORBIDDEN", "personalShop.suspended");
  const parsed = personalShopSchema.safeParse(input);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new AppError("BAD_REQUEST", i.message, {}, i.path.join(".") || "shop");
  }
  const shop = parsed.data;
  const { rights } = await rightsFor(tx, tenantId, d.level);
  const denied = rightsViolation(shop, rights);
  if (denied) throw new AppError("FORBIDDEN", denied.key, denied.params ?? {}, denied.field);
  if (shop.productIds.length) {
    const ids = [...new Set(shop.productIds.map((x) => x.toLowerCase()))];
    const found = await tx.select({ id: products.id }).from(products).where(and(eq(products.tenantId, tenantId), eq(products.status, "on_sale"), inArray(products.id, ids)));
    if (found.length !== ids.length) throw new AppError("BAD_REQUEST", "decoration.linkForeign", {}, "productIds");
    shop.productIds = [...new Set(shop.productIds.map((x) => x.toLowerCase()))];
  }
  if (shop.banner) await assertOwnImages(tx, tenantId, [shop.banner], "banner");

  const flagged = flaggedWords([shop.title], await merchantWords(tx, tenantId));
  const newPicture = shop.banner !== null && shop.banner !== (row!.live?.banner ?? null);
  await tx.update(shopReviews).set({ status: "superseded" }).where(and(eq(shopReviews.tenantId, tenantId), eq(shopReviews.userId, userId), eq(shopReviews.status, "pending")));
  if (!flagged.length && !newPicture) {
    await tx.insert(shopReviews).values({ tenantId, userId, content: shop, status: "approved", reason: "", decidedAt: new Date() });
    await tx.update(distributorShops).set({ live: shop, liveAt: new Date(), updatedAt: new Date() }).where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, userId)));
    return { status: "live" as const, flagged };
  }
  await tx.insert(shopReviews).values({ tenantId, userId, content: shop, flagged, status: "pending" });
  return { status: "pending" as const, flagged };
}

/** The merchant's queue (/console/distribution/reviews): waiting first, then the latest decisions. */
export async function listShopReviews(tx: Tx, tenantId: string, status: "pending" | "decided") {
  const rows = rowsOf<{
    id: string;
    userId: string;
    name: string;
    code: string;
    level: number;
    content: PersonalShop;
    flagged: string[];
    status: string;
    reason: string;
    createdAt: string;
    decidedAt: string | null;
    rejections: number;
    suspended: boolean;
  }>(
    await tx.execute(sql`
      select r.id, r.user_id as "userId", u.name, d.code, d.level, r.content, r.flagged, r.status, r.reason, r.created_at as "createdAt", r.decided_at as "decidedAt",
             coalesce(s.rejections, 0) as rejections, coalesce(s.suspended, false) as suspended
        from shop_reviews r
        join distributors d on d.tenant_id = r.tenant_id and d.user_id = r.user_id
        join users u on u.id = r.user_id
        left join distributor_shops s on s.tenant_id = r.tenant_id and s.user_id = r.user_id
       where r.tenant_id = ${tenantId} and ${status === "pending" ? sql`r.status = 'pending'` : sql`r.status in ('approved', 'rejected') and r.decided_by is not null`}
       order by ${status === "pending" ? sql`r.created_at asc` : sql`r.decided_at desc`}
       limit 100`),
  );
  const suspended = rowsOf<{ userId: string; name: string; code: string; rejections: number }>(
    await tx.execute(sql`
      select s.user_id as "userId", u.name, d.code, s.rejections from distributor_shops s
        join distributors d on d.tenant_id = s.tenant_id and d.user_id = s.user_id
        join users u on u.id = s.user_id
       where s.tenant_id = ${tenantId} and s.suspended order by u.name`),
  );
  return { reviews: rows, suspended };
}

/** 通过 / 驳回: approval makes the content live; a rejection needs a reason, and the third suspends editing. Audited. */
export async function decideShopReview(tx: Tx, tenantId: string, staffId: string, input: { id: string; decision: "approve" | "reject"; reason: string }) {
  const [r] = await tx.select().from(shopReviews).where(and(eq(shopReviews.tenantId, tenantId), eq(shopReviews.id, input.id))).for("update");
  if (!r) throw new AppError("NOT_FOUND", "notFound");
  if (r.status !== "pending") throw new AppError("CONFLICT", "personalShop.decided");
  const reason = input.reason.trim();
  if (input.decision === "reject" && !reason) throw new AppError("BAD_REQUEST", "personalShop.reasonRequired", {}, "reason");
  const now = new Date();
  await tx.update(shopReviews).set({ status: input.decision === "approve" ? "approved" : "rejected", reason, decidedBy: staffId, decidedAt: now }).where(and(eq(shopReviews.tenantId, tenantId), eq(shopReviews.id, r.id)));
  let suspended = false;
  if (input.decision === "approve") {
    await tx.update(distributorShops).set({ live: r.content, liveAt: now, updatedAt: now }).where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, r.userId)));
  } else {
    const [s] = await tx
      .update(distributorShops)
      .set({ rejections: sql`${distributorShops.rejections} + 1`, suspended: sql`${distributorShops.rejections} + 1 >= ${REJECTIONS_TO_SUSPEND}`, updatedAt: now })
      .where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, r.userId)))
      .returning({ suspended: distributorShops.suspended });
    suspended = s?.suspended ?? false;
  }
  await writeAudit(tx, { tenantId, actorUserId: staffId, action: `personalShop.${input.decision}`, target: `distributor:${r.userId}`, after: { review: r.id, reason, flagged: r.flagged, suspended } });
  return { suspended };
}

/** The merchant lets a suspended distributor edit again (their rejection count starts over). */
export async function liftShopSuspension(tx: Tx, tenantId: string, staffId: string, userId: string) {
  const [s] = await tx
    .update(distributorShops)
    .set({ suspended: false, rejections: 0, updatedAt: new Date() })
    .where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, userId), eq(distributorShops.suspended, true)))
    .returning({ userId: distributorShops.userId });
  if (!s) throw new AppError("NOT_FOUND", "notFound");
  await writeAudit(tx, { tenantId, actorUserId: staffId, action: "personalShop.lift", target: `distributor:${userId}` });
}

export async function getModerationWords(tx: Tx, tenantId: string) {
  return merchantWords(tx, tenantId);
}

export async function saveModerationWords(tx: Tx, tenantId: string, staffId: string, input: unknown) {
  const parsed = merchantWordsSchema.safeParse(input);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.error.issues[0]!.message, {}, "words");
  const state = await getProgramme(tx, tenantId);
  await tx
    .insert(distributionSettings)
    .values({ tenantId, programme: state.programme, levels: state.levels, moderationWords: parsed.data })
    .onConflictDoUpdate({ target: distributionSettings.tenantId, set: { moderationWords: parsed.data, updatedAt: sql`now()` } });
  await writeAudit(tx, { tenantId, actorUserId: staffId, action: "personalShop.words", target: `tenant:${tenantId}`, after: { words: parsed.data } });
  return parsed.data;
}

/** What a visitor of /s/{slug}/d/{code} sees: the distributor's name and approved content within their level's rights. Null: no such active distributor. */
export async function publicShop(tx: Tx, tenantId: string, code: string) {
  const [d] = await tx
    .select({ userId: distributors.userId, code: distributors.code, level: distributors.level, status: distributors.status, name: users.name })
    .from(distributors)
    .innerJoin(users, eq(users.id, distributors.userId))
    .where(and(eq(distributors.tenantId, tenantId), sql`upper(${distributors.code}) = upper(${code})`));
  if (!d || d.status !== "active") return null;
  const [row] = await tx.select({ live: distributorShops.live }).from(distributorShops).where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, d.userId)));
  const { rights } = await rightsFor(tx, tenantId, d.level);
  return { code: d.code, name: d.name, shop: row?.live ? withinRights(row.live, rights) : EMPTY_SHOP };
}

/** The personal shop with its picks drawn as a product grid and their data (the H5 page and the mini-program's shop.catalog.personalShop). */
export async function publicShopWithPicks(tx: Tx, tenantId: string, code: string) {
  const shop = await publicShop(tx, tenantId, code);
  if (!shop) return null;
  if (!shop.shop.productIds.length) return { ...shop, picks: null };
  const doc = picksDocument(shop.shop.productIds);
  return { ...shop, picks: { doc, data: await blockData(tx, tenantId, [doc]) } };
}
