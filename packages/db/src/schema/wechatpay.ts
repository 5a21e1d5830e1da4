import { sql } from "drizzle-orm";
import { check, foreignKey, pgPolicy, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { appUser, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { tenants } from "./global";

/**
 * A tenant's WeChat Pay API v3 merchant (drizzle/0030): direct (its own mchid,
 * certificate serial, private key, API v3 key) or a sub-merchant (sub_mchid)
 * of the platform's service provider, whose keys come from the environment.
 * Keys are AES-256-GCM blobs under SECRETS_KEY; staff-owned.
 */
export const wechatpayModes = ["direct", "partner"] as const;
const staff = sql`(select app_private.may_manage_tenant())`;

export const wechatpayMerchants = pgTable(
  "wechatpay_merchants",
  {
    tenantId: tenantId(),
    mode: text("mode", { enum: wechatpayModes }).notNull(),
    /** direct: the merchant's mchid; partner: its sub_mchid. */
    mchid: text("mchid").notNull(),
    /** The mini-program's appid (direct: appid; partner: sub_appid). */
    appid: text("appid").notNull(),
    serialNo: text("serial_no"),
    privateKeyEnc: text("private_key_enc"),
    apiV3KeyEnc: text("api_v3_key_enc"),
    /** A WeChat Pay public key (PUB_KEY_ID_…) and its PEM; null: platform certificates are downloaded. */
    platformKeyId: text("platform_key_id"),
    platformPublicKey: text("platform_public_key"),
    updatedBy: uuid("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "wechatpay_merchants_pkey", columns: [t.tenantId] }),
    foreignKey({ name: "wechatpay_merchants_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }),
    check("wechatpay_merchants_mode", sql`${t.mode} in ('direct', 'partner')`),
    check("wechatpay_merchants_direct_keys", sql`${t.mode} <> 'direct' OR (${t.serialNo} IS NOT NULL AND ${t.privateKeyEnc} IS NOT NULL AND ${t.apiV3KeyEnc} IS NOT NULL)`),
    check("wechatpay_merchants_platform_key", sql`(${t.platformKeyId} IS NULL) = (${t.platformPublicKey} IS NULL)`),
    tenantIsolation("wechatpay_merchants"),
    pgPolicy("wechatpay_merchants_staff_insert", { as: "restrictive", for: "insert", to: appUser, withCheck: staff }),
    pgPolicy("wechatpay_merchants_staff_update", { as: "restrictive", for: "update", to: appUser, using: staff, withCheck: staff }),
    pgPolicy("wechatpay_merchants_staff_delete", { as: "restrictive", for: "delete", to: appUser, using: staff }),
  ],
).enableRLS();
