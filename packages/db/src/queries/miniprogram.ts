import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../client";
import { setContext, withContext } from "../context";
import { miniprogramIdentities, tenants, users } from "../schema";

export type WechatIdentity = { appId: string; openid: string; unionid?: string | null };

/** The stand-in address of a mini-program user (users.email is required and unique): never anybody's inbox. */
export const miniprogramPlaceholderEmail = (userId: string) => `mp-${userId}@wechat.invalid`;

/**
 * The app id a tenant's mini-program signs in with, until the publishing side's
 * authorizer table answers it: the tenant's WeChat app id setting
 * (console settings, tenants.wechat_app_id). Runs in the shop's transaction.
 */
export async function tenantSettingAppId(tx: Tx, tenantId: string): Promise<string | null> {
  const [t] = await tx.select({ appId: tenants.wechatAppId }).from(tenants).where(eq(tenants.id, tenantId));
  return t?.appId ?? null;
}

/**
 * The shopper a WeChat identity of the tenant's app signs in as, created on
 * the first login, in one transaction. The identity row is claimed first
 * (primary key tenant + app + openid, ON CONFLICT DO NOTHING): of two
 * concurrent first logins one inserts and creates the user, the other waits
 * on that key and then reads the winner's row, so there is one user.
 * A system transaction (tenant, no user): the login reads any identity of the shop.
 */
export function miniprogramShopper(db: Db, tenantId: string, who: WechatIdentity): Promise<{ userId: string; created: boolean }> {
  return withContext(db, { tenantId }, async (tx) => {
    const key = and(eq(miniprogramIdentities.tenantId, tenantId), eq(miniprogramIdentities.appId, who.appId), eq(miniprogramIdentities.openid, who.openid));
    const seen = async () => {
      const [row] = await tx.select({ userId: miniprogramIdentities.userId }).from(miniprogramIdentities).where(key);
      return row?.userId ?? null;
    };
    let userId = await seen();
    if (!userId) {
      const fresh = crypto.randomUUID();
      const [claimed] = await tx
        .insert(miniprogramIdentities)
        .values({ tenantId, appId: who.appId, openid: who.openid, userId: fresh, unionid: who.unionid ?? null })
        .onConflictDoNothing()
        .returning({ userId: miniprogramIdentities.userId });
      if (claimed) {
        await setContext(tx, { tenantId, userId: fresh });
        await tx.insert(users).values({ id: fresh, email: miniprogramPlaceholderEmail(fresh), name: `微信用户${fresh.slice(0, 4)}` });
        return { userId: fresh, created: true };
      }
      userId = await seen();
      if (!userId) throw new Error("mini-program identity vanished between claim and read");
    }
    await tx
      .update(miniprogramIdentities)
      .set({ lastLoginAt: new Date(), ...(who.unionid ? { unionid: who.unionid } : {}) })
      .where(key);
    return { userId, created: false };
  });
}

/**
 * Whether `userId` still holds a WeChat identity of the tenant's app `appId`
 * (a bearer token is worth nothing once it is removed). In the caller's
 * transaction as that user (own row only, by policy).
 */
export async function holdsMiniprogramIdentity(tx: Tx, tenantId: string, appId: string, userId: string): Promise<boolean> {
  const [row] = await tx
    .select({ one: sql<number>`1` })
    .from(miniprogramIdentities)
    .where(and(eq(miniprogramIdentities.tenantId, tenantId), eq(miniprogramIdentities.appId, appId), eq(miniprogramIdentities.userId, userId)));
  return !!row;
}

/** getPhoneNumber: the phone on the shopper's identity, and on their profile when it has none. As the shopper. */
export function saveMiniprogramPhone(db: Db, tenantId: string, appId: string, userId: string, phone: string): Promise<boolean> {
  return withContext(db, { tenantId, userId }, async (tx) => {
    const done = await tx
      .update(miniprogramIdentities)
      .set({ phone, phoneAt: new Date() })
      .where(and(eq(miniprogramIdentities.tenantId, tenantId), eq(miniprogramIdentities.appId, appId), eq(miniprogramIdentities.userId, userId)))
      .returning({ userId: miniprogramIdentities.userId });
    if (done.length === 0) return false;
    await tx.update(users).set({ phone, updatedAt: new Date() }).where(and(eq(users.id, userId), isNull(users.phone)));
    return true;
  });
}
