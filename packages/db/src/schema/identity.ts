import { sql } from "drizzle-orm";
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantId, tenantIsolation } from "./_shared";
import { tenantRoles, tenants } from "./global";

export const invitations = pgTable(
  "invitations",
  {
    tenantId: tenantId(),
    id: id(),
    email: text("email").notNull(),
    role: text("role", { enum: tenantRoles }).notNull(),
    /** SHA-256 hex of the link's token (the capability); the token itself is shown once to the inviter and never stored. */
    tokenHash: text("token_hash").notNull(),
    status: text("status", { enum: ["pending", "accepted", "revoked"] }).notNull().default("pending"),
    invitedBy: uuid("invited_by").notNull(),
    acceptedBy: uuid("accepted_by"),
    createdAt: createdAt(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true })
      .notNull()
      .default(sql`(now() + interval '7 days')`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex("invitations_token_hash_key").on(t.tenantId, t.tokenHash),
    index("invitations_token_hash_idx").on(t.tokenHash),
    uniqueIndex("invitations_pending_email_key")
      .on(t.tenantId, sql`lower(${t.email})`)
      .where(sql`status = 'pending'`),
    tenantIsolation("invitations"),
  ],
).enableRLS();

/** Who changed what, when, before and after (PRODUCT.md §8.3). Append-only for app_user. */
/** Unmasked reads of shoppers' personal data by staff (drizzle/0025, append-only): who, whose, where, when. */
export const piiAccessLog = pgTable(
  "pii_access_log",
  {
    tenantId: tenantId(),
    id: id(),
    actorUserId: uuid("actor_user_id").notNull(),
    /** Where it was read: orders.list, orders.detail, distributors.list. */
    surface: text("surface").notNull(),
    subjectUserIds: uuid("subject_user_ids").array().notNull(),
    orderIds: uuid("order_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index("pii_access_log_tenant_time_idx").on(t.tenantId, t.createdAt),
    tenantIsolation("pii_access_log"),
  ],
).enableRLS();

export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: tenantId(),
    id: id(),
    actorUserId: uuid("actor_user_id"),
    action: text("action").notNull(),
    target: text("target").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index("audit_log_tenant_time_idx").on(t.tenantId, t.createdAt),
    tenantIsolation("audit_log"),
  ],
).enableRLS();
