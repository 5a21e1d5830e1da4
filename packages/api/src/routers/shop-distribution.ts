import { and, eq, inArray } from "drizzle-orm";
import QRCode from "qrcode";
import { z } from "zod";
import { AppError } from "../../../core/src/errors";
import { decodeScene, encodeScene, type SceneTarget } from "../../../core/src/miniprogram-scene";
import type { Tx } from "../../../db/src/client";
import { distributors, products } from "../../../db/src/schema";
import { evaluateLevels } from "../../../db/src/flows/commissions";
import { listCommissions, myDistribution, myTeam, requestExit, shareEarnings } from "../../../db/src/queries/distributors";
import { bindShopper, joinProgramme, referrerOf } from "../../../db/src/queries/referrals";
import { hitRateLimit } from "../../../db/src/queries/rate-limits";
import { shopInput } from "../../../orders/src/schemas";
import { myShop, saveMyShop } from "../../../db/src/queries/personal-shops";
import { incomeOf } from "../../../db/src/queries/ledger";
import { isOwnOrigin, tenantOrigin } from "../../../server/src/host";
import { imageType } from "../../../server/src/wechat-mp";
import { router, shopperProcedure, type Context } from "../trpc";

const code = z.string().trim().min(4, { error: "distribution.badCode" }).max(32, { error: "distribution.badCode" }).regex(/^[A-Za-z0-9]+$/, { error: "distribution.badCode" });

/**
 * A share link or QR was opened: bind by the tenant's rule (rate limited),
 * the same for the H5 link (`?ref=`) and the mini-program code's scene.
 */
async function bindThrough(c: { tx: Tx; shop: { id: string }; user: { id: string } }, code: string, via: "link" | "qr") {
  await hitRateLimit(c.tx, "bind", [c.shop.id, c.user.id]);
  const moved = await bindShopper(c.tx, c.shop.id, c.user.id, code, via);
  // A new direct referral is one of the level criteria: evaluate the referrer now.
  if (moved) await evaluateLevels(c.tx, c.shop.id, [moved], { monthEnd: false });
  return { bound: moved !== null || (await referrerOf(c.tx, c.shop.id, c.user.id)) !== null, changed: moved !== null };
}

/** Width of a mini-program code in pixels (WeChat: 280–1280). */
const CODE_WIDTH = 430;

/** Why a share code is the H5 link's QR rather than a mini-program code. */
export type H5Reason = "notConfigured" | "noApp" | "codeTooLong" | "wechatError";

/**
 * The storefront's absolute base for the H5 link (the page's own origin and
 * /s/{slug}, or the tenant's host): only this shop's hosts or the platform's,
 * so a forged value cannot put another site in a distributor's QR.
 */
function storefrontBase(base: string, shopKey: string, slug: string): string {
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    throw new AppError("BAD_REQUEST", "invalid");
  }
  if (!isOwnOrigin(u, [slug, shopKey])) throw new AppError("BAD_REQUEST", "invalid");
  return `${u.origin}${u.pathname.replace(/\/$/, "")}`;
}

async function mayShare(tx: Tx, tenantId: string, userId: string, productId: string | null) {
  const [d] = await tx
    .select({ code: distributors.code })
    .from(distributors)
    .where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId), inArray(distributors.status, ["active", "exit_requested"])));
  if (!d) throw new AppError("FORBIDDEN", "miniprogram.notDistributor");
  if (productId) {
    const [p] = await tx.select({ id: products.id }).from(products).where(and(eq(products.tenantId, tenantId), eq(products.id, productId), eq(products.status, "on_sale")));
    if (!p) throw new AppError("NOT_FOUND", "notFound");
  }
  return d.code;
}

/**
 * The distributor's share code for the shop or a product: the mini-program
 * code (getwxacodeunlimit, scene = referral code + product) when WeChat is
 * set up for the shop, otherwise the H5 link's QR; `kind` says which, and
 * `reason` why it is the H5 one.
 */
async function shareCode(
  ctx: Pick<Context, "miniprogram"> & { tx: Tx; shop: { id: string; slug: string }; user: { id: string } },
  input: { shop: string; productId?: string | null; personalShop?: boolean; base?: string },
) {
  const productId = input.productId ?? null;
  const code = await mayShare(ctx.tx, ctx.shop.id, ctx.user.id, productId);
  // The page's own storefront base (H5), or the shop's own host (the mini-program has no page origin to give).
  const base = input.base ? storefrontBase(input.base, input.shop, ctx.shop.slug) : tenantOrigin({ slug: ctx.shop.slug });
  const query = `?ref=${encodeURIComponent(code)}&via=qr`;
  // As the H5 pages: {origin}/s/{slug}?ref=… on the platform host, {origin}/?ref=… on the tenant's own; the personal shop at /d/CODE.
  const target: SceneTarget = productId ? { kind: "product", productId } : input.personalShop ? { kind: "personalShop" } : { kind: "home" };
  const link =
    target.kind === "product"
      ? `${base}/p/${productId}${query}`
      : target.kind === "personalShop"
        ? `${base}/d/${encodeURIComponent(code)}`
        : `${base}${/^https?:\/\/[^/]+$/.test(base) ? "/" : ""}${query}`;
  const scene = encodeScene({ code, target });
  const rt = ctx.miniprogram;
  let reason: H5Reason;
  if (!rt?.port) reason = "notConfigured";
  else {
    const appId = await rt.appIdOf(ctx.tx, ctx.shop.id);
    if (!appId) reason = "noApp";
    else if (!scene) reason = "codeTooLong";
    else {
      try {
        const bytes = await rt.port.getwxacodeunlimit(appId, { scene, page: rt.landingPage, width: CODE_WIDTH });
        const dataUrl = `data:image/${imageType(bytes) ?? "png"};base64,${Buffer.from(bytes).toString("base64")}`;
        return { kind: "miniprogram" as const, dataUrl, scene, page: rt.landingPage, link, reason: null, missing: [] as string[] };
      } catch (e) {
        console.warn("getwxacodeunlimit failed; the H5 QR is used", e instanceof Error ? e.message : e);
        reason = "wechatError";
      }
    }
  }
  const dataUrl = await QRCode.toDataURL(link, { margin: 1, errorCorrectionLevel: "M", width: CODE_WIDTH });
  return { kind: "h5" as const, dataUrl, scene, page: null, link, reason, missing: rt?.missing ?? ["WECHAT_COMPONENT_APPID", "component_access_token"] };
}

/** The distributor's side (/s/{slug}/me/distribution) and the binding a share link makes. */
export const shopDistributionRouter = router({
  /** Status, code, level and progress, totals; the joining mode for someone who has not joined. */
  me: shopperProcedure.input(shopInput).query(({ ctx }) => myDistribution(ctx.tx, ctx.shop.id, ctx.user.id)),
  join: shopperProcedure.input(shopInput).mutation(({ ctx }) => joinProgramme(ctx.tx, ctx.shop.id, ctx.user.id)),
  requestExit: shopperProcedure.input(shopInput).mutation(({ ctx }) => requestExit(ctx.tx, ctx.shop.id, ctx.user.id)),
  /** A signed-in shopper opened a share link (?ref=CODE): bind by the tenant's rule. */
  bind: shopperProcedure.input(shopInput.extend({ code })).mutation(({ ctx, input }) => bindThrough(ctx, input.code, "link")),
  /**
   * The mini-program's landing page opened a mini-program code: its scene
   * (options.scene) binds exactly as the H5 link does, source "qr"; the
   * target tells the page where to go (home or the product).
   */
  bindScene: shopperProcedure.input(shopInput.extend({ scene: z.string().max(128) })).mutation(async ({ ctx, input }) => {
    const scene = decodeScene(input.scene);
    if (!scene) throw new AppError("BAD_REQUEST", "miniprogram.badScene", {}, "scene");
    return { ...(await bindThrough(ctx, scene.code, "qr")), target: scene.target };
  }),
  /** My share code as an image (data URL): the mini-program code, or the H5 link's QR (`kind`, `reason`). */
  miniprogramCode: shopperProcedure
    .input(shopInput.extend({ productId: z.string().uuid({ error: "notFound" }).nullish(), personalShop: z.boolean().default(false), base: z.string().max(300).optional() }))
    .query(({ ctx, input }) => shareCode(ctx, input)),
  /** 我的小店: rights by level, the live content, what waits and why a submission was turned down. */
  myShop: shopperProcedure.input(shopInput).query(({ ctx }) => myShop(ctx.tx, ctx.shop.id, ctx.user.id)),
  /** Saves the distributor's shop within their level's rights (FORBIDDEN beyond them); banned words or a new picture wait for review. */
  saveShop: shopperProcedure.input(shopInput.extend({ content: z.unknown() })).mutation(({ ctx, input }) => saveMyShop(ctx.tx, ctx.shop.id, ctx.user.id, input.content)),
  commissions: shopperProcedure
    .input(shopInput.extend({ status: z.enum(["pending", "held", "reversed"]).nullish(), page: z.number().int().min(1).default(1) }))
    .query(async ({ ctx, input }) => {
      const rows = await listCommissions(ctx.tx, ctx.shop.id, { beneficiaryId: ctx.user.id, status: input.status, limit: 20, offset: (input.page - 1) * 20 });
      // The buyer's name is not the distributor's business: order number, product and reason only.
      return rows.map(({ name: _name, beneficiaryId: _b, ...r }) => r);
    }),
  /** The distributor's money: pending, available, withdrawing, paid out and tax withheld, and every movement with its reason. */
  income: shopperProcedure
    .input(shopInput.extend({ page: z.number().int().min(1).max(1000).default(1) }))
    .query(({ ctx, input }) => incomeOf(ctx.tx, ctx.shop.id, ctx.user.id, { limit: 30, offset: (input.page - 1) * 30 })),
  team: shopperProcedure
    .input(shopInput.extend({ depth: z.number().int().min(1).max(12).default(1) }))
    .query(({ ctx, input }) => myTeam(ctx.tx, ctx.shop.id, ctx.user.id, input.depth)),
  /**
   * "Share and earn N": what this distributor would earn as the direct
   * referrer on one unit of the product at its lowest price (null when they
   * are not an active distributor).
   */
  earn: shopperProcedure
    .input(shopInput.extend({ productId: z.string().uuid({ error: "notFound" }) }))
    .query(({ ctx, input }) => shareEarnings(ctx.tx, ctx.shop.id, ctx.user.id, input.productId)),
});
