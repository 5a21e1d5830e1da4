import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tenantId, tenantIsolation } from "./_shared";
import { tenants } from "./global";

/** A shopper who joined the tenant's distribution programme (PRODUCT.md §4). */
export const distributors = pgTable(
  "distributors",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    referrerId: uuid("referrer_id"),
    code: text("code").notNull(),
    level: integer("level").notNull().default(1),
    status: text("status", { enum: ["active", "suspended", "left"] }).notNull().default("active"),
    joinedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.referrerId], foreignColumns: [t.tenantId, t.userId] }),
    uniqueIndex("distributors_code_key").on(t.tenantId, t.code),
    index("distributors_referrer_idx").on(t.tenantId, t.referrerId),
    check("distributors_no_self_referral", sql`${t.referrerId} is distinct from ${t.userId}`),
    check("distributors_level_range", sql`${t.level} between 1 and 5`),
    tenantIsolation("distributors"),
  ],
).enableRLS();
