import { sql } from "drizzle-orm";
import { check, foreignKey, index, pgPolicy, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { appUser, createdAt, currentUser, tenantId, tenantIsolation } from "./_shared";
import { tenants } from "./global";

const mayManage = sql`(select app_private.may_manage_tenant())`;
const own = sql`user_id = ${currentUser} or ${mayManage}`;

/**
 * A WeChat identity of a tenant's mini-program (app id + openid; unionid when
 * WeChat gives one) and the platform user it signs in as (drizzle/0032). The
 * primary key makes two concurrent first logins one user. A shopper's
 * transaction sees and writes only its own row; no FK to users (tenant keys
 * all carry tenant_id), the row is written with its user.
 */
export const miniprogramIdentities = pgTable(
  "miniprogram_identities",
  {
    tenantId: tenantId(),
    appId: text("app_id").notNull(),
    openid: text("openid").notNull(),
    userId: uuid("user_id").notNull(),
    unionid: text("unionid"),
    /** From getPhoneNumber, when the shopper shared it. */
    phone: text("phone"),
    phoneAt: timestamp("phone_at", { withTimezone: true }),
    createdAt: createdAt(),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.appId, t.openid] }),
    foreignKey({ name: "miniprogram_identities_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex("miniprogram_identities_user_key").on(t.tenantId, t.appId, t.userId),
    index("miniprogram_identities_unionid_idx").on(t.tenantId, t.unionid).where(sql`unionid is not null`),
    check("miniprogram_identities_app_id", sql`app_id ~ '^wx[0-9a-f]{16}$'`),
    check("miniprogram_identities_openid", sql`length(openid) between 1 and 128`),
    check("miniprogram_identities_unionid", sql`unionid is null or length(unionid) between 1 and 128`),
    check("miniprogram_identities_phone", sql`phone is null or length(phone) between 3 and 32`),
    tenantIsolation("miniprogram_identities"),
    pgPolicy("miniprogram_identities_own_select", { as: "restrictive", for: "select", to: appUser, using: own }),
    pgPolicy("miniprogram_identities_own_insert", { as: "restrictive", for: "insert", to: appUser, withCheck: own }),
    pgPolicy("miniprogram_identities_own_update", { as: "restrictive", for: "update", to: appUser, using: own, withCheck: own }),
    pgPolicy("miniprogram_identities_staff_delete", { as: "restrictive", for: "delete", to: appUser, using: mayManage }),
  ],
).enableRLS();
