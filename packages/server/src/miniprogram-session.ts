import { z } from "zod";
import { signMiniprogramToken, verifyMiniprogramToken, bearerOf } from "../../auth/src/miniprogram-token";
import { AppError } from "../../core/src/errors";
import type { Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { holdsMiniprogramIdentity, miniprogramShopper, saveMiniprogramPhone } from "../../db/src/queries/miniprogram";
import { hitRateLimit } from "../../db/src/queries/rate-limits";
import { getSelf } from "../../db/src/queries/users";
import type { Context, MiniprogramShopper } from "../../api/src/trpc";
import { wechatAppError, type MiniprogramRuntime } from "./wechat-mp";

/**
 * The mini-program shopper's session (issue 13): wx.login's code → the
 * tenant's authorized app → jscode2session → the shopper's user for that
 * tenant app → a bearer token. The app routes (app/api/miniprogram/*) only
 * parse and answer; everything here is testable without Next.
 */

/** POST /api/miniprogram/session */
export const miniprogramSessionInput = z.object({
  code: z.string({ error: "miniprogram.badCode" }).trim().min(1, { error: "miniprogram.badCode" }).max(128, { error: "miniprogram.badCode" }),
  /** The shop's slug (ext.json's tenant). */
  tenant: z.string({ error: "notFound" }).trim().min(1, { error: "notFound" }).max(253, { error: "notFound" }),
});

/** POST /api/miniprogram/phone (with the bearer token) */
export const miniprogramPhoneInput = z.object({
  code: z.string({ error: "miniprogram.badCode" }).trim().min(1, { error: "miniprogram.badCode" }).max(128, { error: "miniprogram.badCode" }),
});

export type MiniprogramSession = { token: string; expiresAt: string; user: { id: string; name: string; created: boolean }; shop: { id: string; slug: string } };

export async function startMiniprogramSession(
  db: Db,
  rt: MiniprogramRuntime,
  secret: string,
  input: z.infer<typeof miniprogramSessionInput>,
  client: string,
  now = Date.now(),
): Promise<MiniprogramSession> {
  // Per shop and client address (one shop's burst does not lock out another's), with room for a carrier's shared address.
  await withContext(db, {}, (tx) => hitRateLimit(tx, "miniprogramSignIn", [input.tenant.toLowerCase(), client]));
  const found = await withContext(db, { storefront: input.tenant }, async (tx, shop) =>
    shop && shop.status === "active" ? { shop, appId: await rt.appIdOf(tx, shop.id) } : null,
  );
  if (!found) throw new AppError("NOT_FOUND", "notFound");
  const { shop, appId } = found;
  if (!appId) throw new AppError("FORBIDDEN", "miniprogram.noApp");
  if (!rt.port) throw new AppError("FORBIDDEN", "miniprogram.notConfigured", { missing: rt.missing.join(", ") });
  let wx;
  try {
    wx = await rt.port.jscode2session(appId, input.code);
  } catch (e) {
    throw wechatAppError(e);
  }
  const who = await miniprogramShopper(db, shop.id, { appId, openid: wx.openid, unionid: wx.unionid ?? null });
  const user = await withContext(db, { tenantId: shop.id, userId: who.userId }, (tx) => getSelf(tx));
  if (!user) throw new Error("mini-program shopper without a user row");
  const { token, expiresAt } = signMiniprogramToken(secret, { tenantId: shop.id, userId: who.userId, appId }, now);
  return { token, expiresAt: expiresAt.toISOString(), user: { id: user.id, name: user.name, created: who.created }, shop: { id: shop.id, slug: shop.slug } };
}

/**
 * The shopper an `Authorization` header's bearer token signs in: null when
 * there is no bearer header, "refused" when the token is bad, expired, or its
 * user or WeChat identity is gone.
 */
export async function shopperForBearer(db: Db, secret: string, header: string | null | undefined, now = Date.now()): Promise<MiniprogramShopper | "refused" | null> {
  const raw = bearerOf(header);
  if (raw === null) return header && /^bearer\b/i.test(header.trim()) ? "refused" : null;
  const check = verifyMiniprogramToken(secret, raw, now);
  if (!check.ok) return "refused";
  const { tid, uid, app } = check.token;
  const user = await withContext(db, { tenantId: tid, userId: uid }, async (tx) => ((await holdsMiniprogramIdentity(tx, tid, app, uid)) ? getSelf(tx) : null));
  return user ? { tenantId: tid, appId: app, user } : "refused";
}

/**
 * The context of a request that carries `Authorization: Bearer` (createContext):
 * nobody as `user` whatever cookies came along, the token's shopper for
 * shopperProcedure, or the refusal it reports.
 */
export async function bearerContext(db: Db, secret: string, authorization: string, now = Date.now()): Promise<Pick<Context, "user" | "miniprogramShopper" | "bearerRefused">> {
  const shopper = await shopperForBearer(db, secret, authorization, now);
  return { user: null, miniprogramShopper: shopper === "refused" ? null : shopper, bearerRefused: shopper === "refused" };
}

/** getPhoneNumber: the phone WeChat confirms for the token's shopper, saved on their identity (and profile when it has none). */
export async function saveShopperPhone(db: Db, rt: MiniprogramRuntime, shopper: MiniprogramShopper, input: z.infer<typeof miniprogramPhoneInput>) {
  if (!rt.port) throw new AppError("FORBIDDEN", "miniprogram.notConfigured", { missing: rt.missing.join(", ") });
  let phone;
  try {
    phone = await rt.port.getuserphonenumber(shopper.appId, input.code);
  } catch (e) {
    throw wechatAppError(e);
  }
  // The number as the shopper's profile keeps it: mainland numbers without +86, others with their country code.
  const stored = phone.countryCode === "86" || phone.countryCode === "" ? phone.purePhoneNumber : `+${phone.countryCode}${phone.purePhoneNumber}`;
  if (!(await saveMiniprogramPhone(db, shopper.tenantId, shopper.appId, shopper.user.id, stored))) throw new AppError("UNAUTHORIZED", "miniprogram.tokenInvalid");
  return { phone: stored };
}

/** HTTP status of a refused mini-program call. */
export function statusOf(e: AppError): number {
  if (e.key === "miniprogram.notConfigured") return 503;
  if (e.key === "miniprogram.wechatError" || e.key === "miniprogram.wechatUnreachable") return 502;
  return { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, TOO_MANY_REQUESTS: 429 }[e.code];
}
