import { ensureDrafts, latestRelease, publish } from "./queries/design";
import { flaggedWords } from "../../decoration/src/personal-shop";
import { and, eq, sql } from "drizzle-orm";
import type { Role } from "../../tenancy/src/roles";
import { rowsOf, type Db, type Tx } from "./client";
import { openDispute } from "./queries/disputes";
import { withContext } from "./context";
import { hashInvitationToken, newInvitationToken } from "./queries/members";
import { agencies, agencyMembers, distributors, distributorShops, invitations, memberships, miniprogramAuthorizations, miniprogramIdentities, miniprogramSubmissions, orders, piiAccessLog, products, referralBindings, releases, shopReviews, tenants, wechatpayMerchants } from "./schema";
import { logPiiAccess } from "./queries/pii";
import { getTemplate } from "../../templates/src";
import { attachTemplatePictures, createTenantFromTemplate, resolveTenant } from "./queries/tenants";
import { insertUserAsSelf, userIdByEmail } from "./queries/users";
import { seedCommerce } from "./seed-commerce";
import { seedDistribution, seedReferral } from "./seed-distribution";
import { seedWithdrawals } from "./seed-withdrawals";

/**
 * Demo data for the local sign-in and the tests. Idempotent: every piece is
 * looked up first and created only when missing, through the same RLS-bound
 * code paths the app uses.
 */
export const DEMO = {
  operator: { email: "operator@demo.local", name: "平台运营 Olivia", note: "platform operator" },
  agency: { email: "agency@demo.local", name: "代运营 Alex", note: "agency owner: beauty + fresh" },
  owner: { email: "owner@demo.local", name: "茶舍老板 王芳", note: "merchant owner: tea" },
  admin: { email: "admin@demo.local", name: "管理员 李强", note: "tea: admin" },
  operatorStaff: { email: "ops@demo.local", name: "运营 张敏", note: "tea: operator" },
  finance: { email: "finance@demo.local", name: "财务 陈静", note: "tea: finance" },
  viewer: { email: "viewer@demo.local", name: "只读 赵磊", note: "tea: viewer" },
  shopper: { email: "shopper@demo.local", name: "顾客 刘洋", note: "shopper" },
  distributors: [
    { email: "dist1@demo.local", name: "分销 孙悦", phone: "13800001001", note: "tea distributor (top)", parent: null, level: 3 },
    { email: "dist2@demo.local", name: "分销 周航", phone: "13800001002", note: "tea distributor, under dist1", parent: 0, level: 2 },
    { email: "dist3@demo.local", name: "分销 吴婷", phone: "13800001003", note: "tea distributor, under dist1", parent: 0, level: 1 },
    { email: "dist4@demo.local", name: "分销 郑凯", phone: "13800001004", note: "tea distributor, under dist2", parent: 1, level: 1 },
    { email: "dist5@demo.local", name: "分销 冯雪", phone: "13800001005", note: "tea distributor, under dist4", parent: 3, level: 1 },
  ],
  tenants: {
    tea: { slug: "tea", name: "青山茶舍", template: "tea" },
    beauty: { slug: "beauty", name: "花颜美妆", template: "cosmetics" },
    fresh: { slug: "fresh", name: "鲜果到家", template: "fresh" },
  },
} as const;

async function ensureUser(db: Db, u: { email: string; name: string; note: string; phone?: string }, operator = false): Promise<string> {
  return withContext(db, {}, async (tx) => {
    const existing = await userIdByEmail(tx, u.email);
    if (existing) return existing;
    const row = await insertUserAsSelf(tx, { email: u.email, name: u.name, phone: u.phone ?? null, demoNote: u.note });
    return row.id;
  }).then(async (id) => {
    // The operator flag is beyond app_user's reach (trigger); the migrating role sets it.
    if (operator) await db.execute(sql`select app_admin.set_platform_operator(${id}, true)`);
    return id;
  });
}

async function ensureTenant(db: Db, ownerId: string, t: { slug: string; name: string; template: string }, agencyId: string | null): Promise<string> {
  const id = await withContext(db, { userId: ownerId }, async (tx) => {
    const hit = await resolveTenant(tx, t.slug);
    if (hit) return hit.id;
    return (await createTenantFromTemplate(tx, ownerId, { ...t, agencyId })).id;
  });
  // A demo database seeded before templates shipped pictures gets them now.
  await withContext(db, { userId: ownerId, tenantId: id }, (tx) => attachTemplatePictures(tx, id, getTemplate(t.template)!, ownerId));
  // ... and, if seeded before decoration shipped, its drafts and release v1.
  await withContext(db, { userId: ownerId, tenantId: id }, async (tx) => {
    if (!(await latestRelease(tx, id))) {
      await ensureDrafts(tx, id, ownerId);
      await publish(tx, id, ownerId, "v1");
    }
  });
  return id;
}

async function ensureMember(tx: Tx, tenantId: string, userId: string, role: Role) {
  const [m] = await tx.select().from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  if (!m) await tx.insert(memberships).values({ tenantId, userId, role });
}

export async function seedDemo(db: Db) {
  const operatorId = await ensureUser(db, DEMO.operator, true);
  const agencyUserId = await ensureUser(db, DEMO.agency);
  const ownerId = await ensureUser(db, DEMO.owner);
  const staff: [string, Role][] = [
    [await ensureUser(db, DEMO.admin), "admin"],
    [await ensureUser(db, DEMO.operatorStaff), "operator"],
    [await ensureUser(db, DEMO.finance), "finance"],
    [await ensureUser(db, DEMO.viewer), "viewer"],
  ];
  const shopperId = await ensureUser(db, DEMO.shopper);
  const distIds: string[] = [];
  for (const d of DEMO.distributors) distIds.push(await ensureUser(db, d));

  // The agency and its two tenants.
  const agencyId = await withContext(db, { userId: agencyUserId }, async (tx) => {
    const [mine] = await tx.select().from(agencyMembers).where(eq(agencyMembers.userId, agencyUserId));
    if (mine) return mine.agencyId;
    const id = crypto.randomUUID();
    await tx.insert(agencies).values({ id, name: "星火代运营 Spark Agency" });
    await tx.insert(agencyMembers).values({ agencyId: id, userId: agencyUserId, role: "owner" });
    return id;
  });
  const beautyId = await ensureTenant(db, agencyUserId, DEMO.tenants.beauty, agencyId);
  const freshId = await ensureTenant(db, agencyUserId, DEMO.tenants.fresh, agencyId);
  const teaId = await ensureTenant(db, ownerId, DEMO.tenants.tea, null);

  await withContext(db, { tenantId: teaId, userId: ownerId }, async (tx) => {
    for (const [uid, role] of staff) await ensureMember(tx, teaId, uid, role);
    // Referral tree: dist1 → dist2 → dist4 → dist5, dist1 → dist3 (bindings locked: they are distributors).
    for (const [i, d] of DEMO.distributors.entries()) {
      const [have] = await tx.select().from(distributors).where(and(eq(distributors.tenantId, teaId), eq(distributors.userId, distIds[i]!)));
      if (have) continue;
      await tx.insert(distributors).values({ tenantId: teaId, userId: distIds[i]!, code: `TEA${String(i + 1).padStart(4, "0")}`, level: d.level });
      if (d.parent !== null) {
        const [parent] = await tx.select().from(referralBindings).where(and(eq(referralBindings.tenantId, teaId), eq(referralBindings.userId, distIds[d.parent]!)));
        const referrerId = distIds[d.parent]!;
        await tx.insert(referralBindings).values({ tenantId: teaId, userId: distIds[i]!, referrerId, path: [referrerId, ...(parent?.path ?? [])], source: "seed", locked: true });
      }
    }
    await ensureInvitation(tx, teaId, ownerId, "new-operator@demo.local");
    // A sub-merchant of the platform's WeChat Pay service provider (no keys of its own; usable
    // only where WECHATPAY_SP_* are set, otherwise the mini-program pays through the simulator).
    await tx.insert(wechatpayMerchants).values({ tenantId: teaId, mode: "partner", mchid: "1900000109", appid: DEMO_APP_IDS.tea, updatedBy: ownerId }).onConflictDoNothing();
  });
  await withContext(db, { tenantId: beautyId, userId: agencyUserId }, async (tx) => {
    const [have] = await tx.select().from(distributors).where(eq(distributors.tenantId, beautyId)).limit(1);
    if (!have) await tx.insert(distributors).values({ tenantId: beautyId, userId: distIds[0]!, code: "BEAUTY0001", level: 1 });
    await tx.insert(wechatpayMerchants).values({ tenantId: beautyId, mode: "partner", mchid: "1900000110", appid: DEMO_APP_IDS.beauty, updatedBy: agencyUserId }).onConflictDoNothing();
    await ensureInvitation(tx, beautyId, agencyUserId, "new-finance@demo.local");
  });
  // The shopper came through dist3's link in tea and dist1's in beauty.
  await seedReferral(db, { tenantId: teaId, shopperId, distributorId: distIds[2]!, code: "TEA0003" });
  await seedReferral(db, { tenantId: beautyId, shopperId, distributorId: distIds[0]!, code: "BEAUTY0001" });
  await seedCommerce(db, { tenantId: teaId, slug: "tea", shopperId, shopperName: DEMO.shopper.name, staffId: ownerId });
  await seedCommerce(db, { tenantId: beautyId, slug: "beauty", shopperId, shopperName: DEMO.shopper.name, staffId: agencyUserId });
  await seedDistribution(db, { tenantId: teaId, slug: "tea", shopperId, shopperName: DEMO.shopper.name, staffId: ownerId, levelUserId: distIds[4]! });
  await seedDistribution(db, { tenantId: beautyId, slug: "beauty", shopperId, shopperName: DEMO.shopper.name, staffId: agencyUserId, levelUserId: distIds[0]! });
  // dist1's withdrawals in both shops: one paid (tax withheld), one waiting for finance.
  await seedWithdrawals(db, { tenantId: teaId, slug: "tea", userId: distIds[0]!, staffId: ownerId, realName: "孙悦", idNumber: "110105199003070017" });
  await seedWithdrawals(db, { tenantId: beautyId, slug: "beauty", userId: distIds[0]!, staffId: agencyUserId, realName: "孙悦", idNumber: "110105199003070017" });
  // A card dispute the shopper's bank opened on one paid order of each shop (the console shows it on the order and in 财务).
  for (const tenantId of [teaId, beautyId]) await seedDispute(db, tenantId);
  // Staff opened the shopper's order unmasked: one entry of each shop's personal-data access log.
  for (const [tenantId, staffId] of [[teaId, ownerId], [beautyId, agencyUserId]] as const) {
    await withContext(db, { tenantId, userId: staffId }, async (tx) => {
      const [logged] = await tx.select({ id: piiAccessLog.id }).from(piiAccessLog).where(eq(piiAccessLog.tenantId, tenantId)).limit(1);
      if (logged) return;
      const [order] = await tx.select({ id: orders.id }).from(orders).where(and(eq(orders.tenantId, tenantId), eq(orders.buyerId, shopperId))).limit(1);
      await logPiiAccess(tx, tenantId, staffId, "orders.detail", [shopperId], order ? [order.id] : []);
    });
  }
  // Personal shops: dist1 (Gold) in tea has an approved shop and a submission waiting with a banned word; beauty's distributor an approved standard one.
  await seedPersonalShop(db, teaId, ownerId, distIds[0]!, { title: "孙悦的茶铺", pendingTitle: "喝茶躺赚，月入过万" });
  await seedPersonalShop(db, beautyId, agencyUserId, distIds[0]!, { title: "", pendingTitle: null });
  // The demo shopper has signed in through each shop's mini-program once (demo app ids and openids).
  for (const [tenantId, appId] of [[teaId, DEMO_APP_IDS.tea], [beautyId, DEMO_APP_IDS.beauty]] as const) {
    await withContext(db, { tenantId, userId: shopperId }, (tx) =>
      tx.insert(miniprogramIdentities).values({ tenantId, appId, openid: `demo-openid-${appId.slice(-2)}`, userId: shopperId }).onConflictDoNothing(),
    );
  }
  // The demo shops once published a mini-program whose authorization was since revoked (the console asks to authorize again).
  await seedMiniprogramHistory(db, teaId, ownerId, DEMO_APP_IDS.tea);
  await seedMiniprogramHistory(db, beautyId, agencyUserId, DEMO_APP_IDS.beauty);
  await seedMiniprogramHistory(db, freshId, agencyUserId, DEMO_APP_IDS.fresh);
  return { operatorId, agencyUserId, agencyId, ownerId, shopperId, teaId, beautyId, freshId, distributorIds: distIds };
}

/** An open dispute on a paid order not completed yet (its commission was not settling anyway). Once. */
async function seedDispute(db: Db, tenantId: string) {
  await withContext(db, { tenantId }, async (tx) => {
    const [have] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from disputes where tenant_id = ${tenantId}`));
    if (have?.n) return;
    const [p] = rowsOf<{ id: string; provider: "stripe" | "simulator" | "wechatpay"; amount_fen: number }>(
      await tx.execute(sql`
        select p.id::text, p.provider, p.amount_fen from payments p join orders o on o.tenant_id = p.tenant_id and o.id = p.order_id
         where p.tenant_id = ${tenantId} and p.status = 'succeeded' and o.status in ('paid', 'shipped', 'received') and o.refunded_fen = 0
         order by o.status = 'received' desc, o.created_at limit 1`),
    );
    if (!p) throw new Error(`seed: shop ${tenantId} has no paid order to dispute`);
    await openDispute(tx, tenantId, { paymentId: p.id, provider: p.provider, providerDisputeId: `demo-dispute-${tenantId.slice(0, 8)}`, amountFen: p.amount_fen, reason: "product_not_received", at: new Date() });
  });
}

/** Each demo shop's one mini-program (a WeChat app id's shape): its authorization, its WeChat Pay and its shoppers' sign-ins name the same app. */
const DEMO_APP_IDS = { tea: "wx00000000000000a1", beauty: "wx00000000000000b2", fresh: "wx00000000000000c3" } as const;

/**
 * The demo shop published its first release as a mini-program, then revoked the platform's authorization (the
 * console shows the version still live in WeChat and asks to authorize again to manage it).
 */
async function seedMiniprogramHistory(db: Db, tenantId: string, staffId: string, appid: string) {
  await withContext(db, { tenantId, userId: staffId }, async (tx) => {
    const [have] = await tx.select().from(miniprogramAuthorizations).where(eq(miniprogramAuthorizations.tenantId, tenantId));
    if (have) return;
    const [release] = await tx.select({ version: releases.version, createdAt: releases.createdAt }).from(releases).where(eq(releases.tenantId, tenantId)).orderBy(releases.version).limit(1);
    const [shop] = await tx.select({ slug: tenants.slug }).from(tenants).where(eq(tenants.id, tenantId));
    const from = release?.createdAt ?? new Date();
    // No token was ever issued for a demo app: the revoked row keeps no usable secret.
    await tx.insert(miniprogramAuthorizations).values({ tenantId, authorizerAppid: appid, refreshTokenEnc: "revoked", status: "revoked", nickName: "演示小程序 Demo", authorizedAt: from, revokedAt: new Date() });
    if (!release || !shop) return;
    // Submitted, reviewed and released after the release was made (a minute apart), revoked since.
    const at = (minutes: number) => new Date(from.getTime() + minutes * 60_000).toISOString();
    await tx.insert(miniprogramSubmissions).values({
      tenantId, releaseVersion: release.version, authorizerAppid: appid, templateId: "1", userVersion: `1.0.${release.version}`,
      extJson: { extEnable: true, extAppid: appid, ext: { tenant: shop.slug, tenantId, release: release.version } }, status: "released", auditId: "demo",
      timeline: [{ at: at(0), status: "pending" }, { at: at(1), status: "auditing" }, { at: at(2), status: "passed" }, { at: at(3), status: "released" }], createdBy: staffId, createdAt: from,
    });
  });
}

async function seedPersonalShop(db: Db, tenantId: string, staffId: string, userId: string, o: { title: string; pendingTitle: string | null }) {
  await withContext(db, { tenantId, userId: staffId }, async (tx) => {
    const [have] = await tx.select().from(distributorShops).where(and(eq(distributorShops.tenantId, tenantId), eq(distributorShops.userId, userId)));
    if (have) return;
    const picks = (await tx.select({ id: products.id }).from(products).where(and(eq(products.tenantId, tenantId), eq(products.status, "on_sale"))).orderBy(products.sort).limit(o.title ? 3 : 0)).map((p) => p.id);
    const live = { title: o.title, banner: null, productIds: picks, colour: null };
    await tx.insert(distributorShops).values({ tenantId, userId, live, liveAt: new Date() });
    // Approved an hour before the waiting submission: in one transaction both would carry the same now(), and 我的小店 reads the latest.
    const earlier = new Date(Date.now() - 3_600_000);
    await tx.insert(shopReviews).values({ tenantId, userId, content: live, status: "approved", decidedBy: staffId, createdAt: earlier, decidedAt: earlier });
    if (o.pendingTitle) await tx.insert(shopReviews).values({ tenantId, userId, content: { ...live, title: o.pendingTitle }, flagged: flaggedWords([o.pendingTitle]), status: "pending" });
  });
}

async function ensureInvitation(tx: Tx, tenantId: string, by: string, email: string) {
  const [have] = await tx.select().from(invitations).where(and(eq(invitations.tenantId, tenantId), eq(invitations.email, email)));
  if (!have) await tx.insert(invitations).values({ tenantId, email, role: "operator", tokenHash: hashInvitationToken(newInvitationToken()), invitedBy: by });
}

/**
 * Whether `npm run dev` / `npm start` seeds the demo tenants and users. Never
 * in production unless SEED_DEMO=1 asks for it: the demo users include a
 * platform operator and shop owners with well-known emails (security review H2).
 * SKIP_SEED=1 skips seeding anywhere.
 */
export function shouldSeedDemo(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.SKIP_SEED === "1") return false;
  return env.NODE_ENV !== "production" || env.SEED_DEMO === "1";
}
