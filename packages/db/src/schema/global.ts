/**
 * GLOBAL TABLES. These are the only tables not distributed by tenant
 * (Citus reference/local tables). Everything else is tenant-owned and listed
 * nowhere: the catalog test finds tenant tables by their tenant_id column.
 * Keep this list short and in sync with GLOBAL_TABLES below.
 */
import { sql } from "drizzle-orm";
import type { NavItem } from "../../../theme/src";
import {
  boolean,
  check,
  timestamp,
  jsonb,
  pgPolicy,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,

  index,
} from "drizzle-orm/pg-core";
import { appUser, createdAt, currentTenant, currentUser, id, updatedAt } from "./_shared";

export const GLOBAL_TABLES = [
  "users",
  "agencies",
  "agency_members",
  "tenants",
  "tenant_domains",
  "memberships",
  // The WeChat third-party platform's ticket, component token and chosen template (drizzle/0031).
  "wechat_component",
] as const;

export const tenantRoles = ["owner", "admin", "operator", "finance", "viewer"] as const;
export type TenantRole = (typeof tenantRoles)[number];

export const users = pgTable(
  "users",
  {
    id: id().primaryKey(),
    clerkUserId: text("clerk_user_id"),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone"),
    isPlatformOperator: boolean("is_platform_operator").notNull().default(false),
    /** Shown on the local sign-in page (demo data); never set for Clerk users. */
    demoNote: text("demo_note"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_key").on(sql`lower(${t.email})`),
    uniqueIndex("users_clerk_user_id_key").on(t.clerkUserId),
    // is_platform_operator is further guarded by a trigger: app_user can never set it (drizzle/0003).
    pgPolicy("users_self", {
      for: "all",
      to: appUser,
      using: sql`id = ${currentUser}`,
      withCheck: sql`id = ${currentUser}`,
    }),
    // Members of the current tenant can see each other's names (members page).
    pgPolicy("users_same_tenant", {
      for: "select",
      to: appUser,
      using: sql`id in (select m.user_id from memberships m where m.tenant_id = ${currentTenant})`,
    }),
    // The tenant's distribution network (distributors and bound shoppers): names
    // and phones for the team views, which show them masked (PRODUCT.md §8.2).
    pgPolicy("users_tenant_network", {
      for: "select",
      to: appUser,
      // EXISTS probes the (tenant_id, user_id) primary keys row by row instead of hashing a whole network.
      using: sql`exists (select 1 from distributors d where d.tenant_id = ${currentTenant} and d.user_id = users.id) or exists (select 1 from referral_bindings b where b.tenant_id = ${currentTenant} and b.user_id = users.id)`,
    }),
  ],
).enableRLS();

export const agencies = pgTable(
  "agencies",
  {
    id: id().primaryKey(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  () => [
    pgPolicy("agencies_member", {
      for: "select",
      to: appUser,
      using: sql`id = any ((select app_private.my_agency_ids())::uuid[])`,
    }),
    pgPolicy("agencies_create", {
      for: "insert",
      to: appUser,
      withCheck: sql`${currentUser} is not null`,
    }),
  ],
).enableRLS();

export const agencyMembers = pgTable(
  "agency_members",
  {
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: ["owner", "staff"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.userId] }),
    index("agency_members_user_idx").on(t.userId),
    pgPolicy("agency_members_self", {
      for: "select",
      to: appUser,
      using: sql`user_id = ${currentUser}`,
    }),
    // Only the creator of a member-less agency (founding) or an agency owner adds members.
    pgPolicy("agency_members_add", {
      for: "insert",
      to: appUser,
      withCheck: sql`app_private.may_add_agency_member(agency_id)`,
    }),
  ],
).enableRLS();

export type ThemeTokens = {
  primary: string;
  primaryForeground: string;
  accent: string;
  background: string;
  foreground: string;
  radius: number;
  font: "sans" | "serif" | "rounded";
  /** The live release's bottom tabs (written on publish; read with readTheme, which fills the default for older rows). */
  tabBar?: NavItem[];
};

export const tenants = pgTable(
  "tenants",
  {
    id: id().primaryKey(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    plan: text("plan", { enum: ["basic", "pro", "agency"] }).notNull().default("basic"),
    status: text("status", { enum: ["active", "suspended"] }).notNull().default("active"),
    template: text("template").notNull(),
    agencyId: uuid("agency_id").references(() => agencies.id),
    clerkOrgId: text("clerk_org_id"),
    logoUrl: text("logo_url"),
    timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
    wechatAppId: text("wechat_app_id"),
    theme: jsonb("theme").$type<ThemeTokens>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("tenants_slug_key").on(t.slug),
    uniqueIndex("tenants_clerk_org_id_key").on(t.clerkOrgId),
    index("tenants_agency_idx").on(t.agencyId),
    pgPolicy("tenants_read", {
      for: "select",
      to: appUser,
      using: sql`id = ${currentTenant} or id = any ((select app_private.my_tenant_ids())::uuid[]) or (select app_private.is_platform_operator())`,
    }),
    pgPolicy("tenants_create", {
      for: "insert",
      to: appUser,
      withCheck: sql`${currentUser} is not null and (agency_id is null or agency_id = any ((select app_private.my_agency_ids())::uuid[]))`,
    }),
    pgPolicy("tenants_update", {
      for: "update",
      to: appUser,
      using: sql`id = ${currentTenant}`,
      withCheck: sql`id = ${currentTenant}`,
    }),
  ],
).enableRLS();

/**
 * Host names claimed for a tenant's storefront (custom domains). A claim
 * serves only once verified (drizzle/0026): pending claims of one host may
 * sit in several tenants, a verified one is unique.
 */
export const domainStatuses = ["pending", "verified", "failed"] as const;
export type DomainStatus = (typeof domainStatuses)[number];

export const tenantDomains = pgTable(
  "tenant_domains",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    domain: text("domain").notNull(),
    status: text("status", { enum: domainStatuses }).notNull().default("pending"),
    verificationToken: text("verification_token").notNull().default(sql`replace(gen_random_uuid()::text, '-', '')`),
    /** Why the last check failed: an errors.* key (domainVerify.*). */
    failure: text("failure"),
    checkedAt: timestamp("checked_at", { withTimezone: true }),
    verifiedAt: timestamp("verified_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.domain] }),
    index("tenant_domains_tenant_idx").on(t.tenantId),
    uniqueIndex("tenant_domains_verified_key").on(t.domain).where(sql`status = 'verified'`),
    check("tenant_domains_status_check", sql`status in ('pending', 'verified', 'failed')`),
    pgPolicy("tenant_domains_tenant", {
      for: "all",
      to: appUser,
      using: sql`tenant_id = ${currentTenant}`,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ],
).enableRLS();

/** A user's role in a tenant. A user reads only their own; a tenant context reads its members. */
export const memberships = pgTable(
  "memberships",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: tenantRoles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    pgPolicy("memberships_own", {
      for: "select",
      to: appUser,
      using: sql`user_id = ${currentUser}`,
    }),
    pgPolicy("memberships_tenant", {
      for: "all",
      to: appUser,
      using: sql`tenant_id = ${currentTenant}`,
      withCheck: sql`tenant_id = ${currentTenant}`,
    }),
  ],
).enableRLS();

