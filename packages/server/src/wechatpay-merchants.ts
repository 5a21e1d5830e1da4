import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { createPrivateKey } from "node:crypto";
import { AppError } from "../../core/src/errors";
import type { Db, Tx } from "../../db/src/client";
import { withTenant } from "../../db/src/context";
import { wechatpayMerchants } from "../../db/src/schema";
import { decryptSecret, encryptSecret } from "./secrets";
import { publicKeyOf } from "./wechatpay-crypto";
import { serviceProvider, type WechatMerchant, type WechatPayEnv } from "./wechatpay";

/**
 * A tenant's WeChat Pay merchant: saved encrypted (SECRETS_KEY), read back
 * decrypted only on the server for signing; the browser sees the status only.
 */

const pem = (label: string) => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+-----END ${label}-----`);

export const wechatPayInput = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("direct"),
    mchid: z.string().trim().regex(/^\d{8,12}$/, { error: "wechatpay.mchid" }),
    appid: z.string().trim().regex(/^wx[0-9a-zA-Z]{16}$/, { error: "wechatpay.appid" }),
    serialNo: z.string().trim().regex(/^[0-9A-Fa-f]{8,64}$/, { error: "wechatpay.serialNo" }),
    /** apiclient_key.pem; empty keeps the saved one. */
    privateKey: z.string().trim().max(8000, { error: "wechatpay.privateKey" }).default(""),
    /** 32 characters; empty keeps the saved one. */
    apiV3Key: z.string().trim().max(32, { error: "wechatpay.apiV3Key" }).default(""),
    platformKeyId: z.string().trim().max(64).default(""),
    platformPublicKey: z.string().trim().max(4000, { error: "wechatpay.platformPublicKey" }).default(""),
  }),
  z.object({
    mode: z.literal("partner"),
    mchid: z.string().trim().regex(/^\d{8,12}$/, { error: "wechatpay.mchid" }),
    appid: z.string().trim().regex(/^wx[0-9a-zA-Z]{16}$/, { error: "wechatpay.appid" }),
  }),
]);
export type WechatPayInput = z.infer<typeof wechatPayInput>;

export type WechatPayStatus = {
  configured: boolean;
  mode: "direct" | "partner" | null;
  mchid: string | null;
  appid: string | null;
  serialNo: string | null;
  platformKeyId: string | null;
  /** Whether shoppers can pay with it now, and if not, what is missing (message keys). */
  usable: boolean;
  missing: string[];
};

export async function wechatPayStatus(tx: Tx, tenantId: string, env: WechatPayEnv = process.env): Promise<WechatPayStatus> {
  const [r] = await tx.select().from(wechatpayMerchants).where(eq(wechatpayMerchants.tenantId, tenantId));
  const missing: string[] = [];
  if (!env.WECHATPAY_NOTIFY_BASE) missing.push("wechatpay.missingNotifyBase");
  if (!r) missing.push("wechatpay.notConfigured");
  else if (r.mode === "partner" && !serviceProvider(env)) missing.push("wechatpay.missingServiceProvider");
  return {
    configured: !!r,
    mode: r?.mode ?? null,
    mchid: r?.mchid ?? null,
    appid: r?.appid ?? null,
    serialNo: r?.serialNo ?? null,
    platformKeyId: r?.platformKeyId ?? null,
    usable: missing.length === 0,
    missing,
  };
}

const fieldError = (key: string, field: string) => new AppError("BAD_REQUEST", key, {}, field);

export async function saveWechatPay(tx: Tx, tenantId: string, userId: string, input: WechatPayInput): Promise<void> {
  const [old] = await tx.select().from(wechatpayMerchants).where(eq(wechatpayMerchants.tenantId, tenantId)).for("update");
  if (input.mode === "partner") {
    const row = { mode: "partner" as const, mchid: input.mchid, appid: input.appid, serialNo: null, privateKeyEnc: null, apiV3KeyEnc: null, platformKeyId: null, platformPublicKey: null, updatedBy: userId, updatedAt: sql`now()` };
    await tx.insert(wechatpayMerchants).values({ tenantId, ...row }).onConflictDoUpdate({ target: wechatpayMerchants.tenantId, set: row });
    return;
  }
  const keepOld = old?.mode === "direct";
  let privateKeyEnc = keepOld ? old.privateKeyEnc : null;
  if (input.privateKey) {
    if (!pem("(?:RSA )?PRIVATE KEY").test(input.privateKey)) throw fieldError("wechatpay.privateKey", "privateKey");
    try {
      const k = createPrivateKey({ key: input.privateKey, format: "pem" });
      if (k.asymmetricKeyType !== "rsa") throw new Error("not RSA");
    } catch {
      throw fieldError("wechatpay.privateKey", "privateKey");
    }
    privateKeyEnc = encryptSecret(input.privateKey);
  }
  if (!privateKeyEnc) throw fieldError("wechatpay.privateKeyRequired", "privateKey");
  let apiV3KeyEnc = keepOld ? old.apiV3KeyEnc : null;
  if (input.apiV3Key) {
    if (Buffer.byteLength(input.apiV3Key, "utf8") !== 32) throw fieldError("wechatpay.apiV3Key", "apiV3Key");
    apiV3KeyEnc = encryptSecret(input.apiV3Key);
  }
  if (!apiV3KeyEnc) throw fieldError("wechatpay.apiV3KeyRequired", "apiV3Key");
  // The public key is not secret, but the form does not send it back: an unchanged id keeps the saved one.
  const pubPem = input.platformPublicKey || (keepOld && input.platformKeyId && input.platformKeyId === old.platformKeyId ? (old.platformPublicKey ?? "") : "");
  const hasPub = !!(input.platformKeyId || pubPem);
  if (hasPub) {
    if (!input.platformKeyId) throw fieldError("wechatpay.platformKeyId", "platformKeyId");
    try {
      publicKeyOf(pubPem);
    } catch {
      throw fieldError("wechatpay.platformPublicKey", "platformPublicKey");
    }
  }
  const row = {
    mode: "direct" as const,
    mchid: input.mchid,
    appid: input.appid,
    serialNo: input.serialNo.toUpperCase(),
    privateKeyEnc,
    apiV3KeyEnc,
    platformKeyId: hasPub ? input.platformKeyId : null,
    platformPublicKey: hasPub ? pubPem : null,
    updatedBy: userId,
    updatedAt: sql`now()`,
  };
  await tx.insert(wechatpayMerchants).values({ tenantId, ...row }).onConflictDoUpdate({ target: wechatpayMerchants.tenantId, set: row });
}

export async function clearWechatPay(tx: Tx, tenantId: string): Promise<void> {
  await tx.delete(wechatpayMerchants).where(eq(wechatpayMerchants.tenantId, tenantId));
}

/** The tenant's merchant with its keys decrypted (server only; never returned to a browser, never logged). Null: not usable. */
export async function loadWechatMerchant(tx: Tx, tenantId: string, env: WechatPayEnv = process.env): Promise<WechatMerchant | null> {
  const [r] = await tx.select().from(wechatpayMerchants).where(eq(wechatpayMerchants.tenantId, tenantId));
  if (!r) return null;
  if (r.mode === "partner") {
    const sp = serviceProvider(env);
    if (!sp) return null;
    return { mode: "partner", mchid: sp.mchid, appid: sp.appid, subMchid: r.mchid, subAppid: r.appid, serialNo: sp.serialNo, privateKey: sp.privateKey, apiV3Key: sp.apiV3Key, platformPublicKey: sp.platformPublicKey };
  }
  if (!r.serialNo || !r.privateKeyEnc || !r.apiV3KeyEnc) return null;
  return {
    mode: "direct",
    mchid: r.mchid,
    appid: r.appid,
    serialNo: r.serialNo,
    privateKey: decryptSecret(r.privateKeyEnc),
    apiV3Key: decryptSecret(r.apiV3KeyEnc),
    platformPublicKey: r.platformKeyId && r.platformPublicKey ? { id: r.platformKeyId, pem: r.platformPublicKey } : null,
  };
}

/** For calls outside a request (refunds, notifications, reconciliation): its own tenant transaction. */
export const merchantsFrom = (db: Db, env: WechatPayEnv = process.env) => (tenantId: string) => withTenant(db, tenantId, (tx) => loadWechatMerchant(tx, tenantId, env));
