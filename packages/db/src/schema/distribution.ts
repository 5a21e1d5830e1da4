import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Ancestor, Reason } from "../../../commission/src/engine";
import { COMMISSION_STATUS_VALUES, DISTRIBUTOR_STATUSES, type DistributorStatus, type Programme } from "../../../commission/src/config";
import type { Rate } from "../../../commission/src/plan";
import type { LevelConfig, Metrics } from "../../../levels/src";
import type { PersonalShop } from "../../../decoration/src/personal-shop";
import { DEFAULT_BONUS_RULES, DEFAULT_HOLD_RULES, DEFAULT_WITHDRAWAL_SETTINGS, type BonusRules, type HoldRules, type KeepOnReturn, type WithdrawalSettings } from "../../../ledger/src";
export type { LevelConfig };
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { tenants } from "./global";
import { categories, products } from "./catalog";
import { orderLines, orders } from "./commerce";

const ts = (name: string) => timestamp(name, { withTimezone: true });

export { DISTRIBUTOR_STATUSES, type DistributorStatus };

/**
 * A shopper who joined (or applied to) the tenant's distribution programme
 * (PRODUCT.md §4). Their place in the tree is their referral binding.
 */
export const distributors = pgTable(
  "distributors",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    /** Short referral code (a WeChat scene is at most 32 characters). */
    code: text("code").notNull(),
    level: integer("level").notNull().default(1),
    status: text("status", { enum: DISTRIBUTOR_STATUSES }).notNull().default("active"),
    joinedAt: createdAt(),
    decidedBy: uuid("decided_by"),
    decidedAt: ts("decided_at"),
    /** Their Stripe Connect Express account for payouts (drizzle/0037) and whether Stripe said it can receive them. */
    stripeAccountId: text("stripe_account_id"),
    stripePayoutsEnabled: boolean("stripe_payouts_enabled").notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex("distributors_code_key").on(t.tenantId, t.code),
    index("distributors_status_idx").on(t.tenantId, t.status, t.joinedAt),
    check("distributors_level_range", sql`${t.level} between 1 and 5`),
    check("distributors_code_length", sql`length(${t.code}) between 4 and 32`),
    check("distributors_status", sql`${t.status} in ('pending', 'active', 'suspended', 'exit_requested', 'left', 'rejected')`),
    tenantIsolation("distributors"),
  ],
).enableRLS();

/**
 * Who referred whom (PRODUCT.md §4.2): every bound shopper, distributor or
 * not, has one row. `path` is the whole ancestor chain, nearest first
 * ([referrer, referrer's referrer, …]), so the 3-level upline is one row read
 * and a subtree is `path @> {id}`, read through app_private.downline() (RLS
 * keeps the GIN index away from a plain query). A distributor's binding is locked.
 */
export const referralBindings = pgTable(
  "referral_bindings",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    referrerId: uuid("referrer_id").notNull(),
    path: uuid("path").array().notNull(),
    source: text("source", { enum: ["link", "qr", "order", "exit", "seed", "admin"] }).notNull(),
    locked: boolean("locked").notNull().default(false),
    boundAt: ts("bound_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.referrerId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    index("referral_bindings_referrer_idx").on(t.tenantId, t.referrerId),
    index("referral_bindings_path_idx").using("gin", t.path),
    check("referral_bindings_no_self", sql`${t.referrerId} <> ${t.userId}`),
    check("referral_bindings_path", sql`${t.path}[1] = ${t.referrerId} and ${t.userId} <> all(${t.path}) and cardinality(${t.path}) between 1 and 100`),
    tenantIsolation("referral_bindings"),
  ],
).enableRLS();

/** The programme, plan and levels of a tenant; created from its template. */
export const distributionSettings = pgTable(
  "distribution_settings",
  {
    tenantId: tenantId().primaryKey(),
    programme: jsonb("programme").$type<Programme>().notNull(),
    levels: jsonb("levels").$type<LevelConfig[]>().notNull(),
    /** The merchant's own banned words, beside the platform's (PRODUCT.md §8.1). */
    moderationWords: jsonb("moderation_words").$type<string[]>().notNull().default([]),
    /** When commission becomes withdrawable (packages/ledger holdRulesSchema). */
    holdRules: jsonb("hold_rules").$type<HoldRules>().notNull().default(DEFAULT_HOLD_RULES),
    /** Withdrawal minimum and automatic review threshold (packages/ledger withdrawalSettingsSchema). */
    withdrawal: jsonb("withdrawal").$type<WithdrawalSettings>().notNull().default(DEFAULT_WITHDRAWAL_SETTINGS),
    /** What distributors keep of their commission on returns (drizzle/0043; packages/ledger keepOnReturnSchema). */
    keepOnReturn: jsonb("keep_on_return").$type<KeepOnReturn>().notNull().default({ kind: "off" }),
    /** Bonus day and top-team rewards (drizzle/0038; packages/ledger bonusRulesSchema). */
    bonusRules: jsonb("bonus_rules").$type<BonusRules>().notNull().default(DEFAULT_BONUS_RULES),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    // Hard rule (PRODUCT.md §4.3), held by the database too: 1 to 3 commission levels.
    check("distribution_settings_levels", sql`(${t.programme}->>'levels')::int between 1 and 3 and jsonb_array_length(${t.programme}->'rates') <= 3`),
    check("distribution_settings_five_levels", sql`jsonb_array_length(${t.levels}) = 5`),
    tenantIsolation("distribution_settings"),
  ],
).enableRLS();

/** A rate per commission level for one product or one category of the tenant. */
export const commissionOverrides = pgTable(
  "commission_overrides",
  {
    tenantId: tenantId(),
    id: id(),
    productId: uuid("product_id"),
    categoryId: uuid("category_id"),
    rates: jsonb("rates").$type<Rate[]>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [categories.tenantId, categories.id] }).onDelete("cascade"),
    uniqueIndex("commission_overrides_product_key").on(t.tenantId, t.productId),
    uniqueIndex("commission_overrides_category_key").on(t.tenantId, t.categoryId),
    check("commission_overrides_one_target", sql`num_nonnulls(${t.productId}, ${t.categoryId}) = 1`),
    check("commission_overrides_levels", sql`jsonb_array_length(${t.rates}) between 1 and 3`),
    tenantIsolation("commission_overrides"),
  ],
).enableRLS();

/**
 * The upline of an order, captured when it is placed: a later change of the
 * tree does not change its commissions. `upline` holds the active ancestors
 * (nearest first, at most 3) with their levels then; `chain` every
 * distributor whose team the sale counts for (the buyer when a distributor,
 * then all ancestors), at any depth.
 */
export const orderUplines = pgTable(
  "order_uplines",
  {
    tenantId: tenantId(),
    orderId: uuid("order_id").notNull(),
    buyerId: uuid("buyer_id").notNull(),
    /** The buyer's level when an active distributor (self-purchase), else null. */
    buyerLevel: smallint("buyer_level"),
    /** The distributor the buyer was bound to then (the order came "through" them), for burst checks and filters. */
    referrerId: uuid("referrer_id"),
    upline: jsonb("upline").$type<Ancestor[]>().notNull(),
    chain: uuid("chain").array().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.orderId] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    index("order_uplines_chain_idx").using("gin", t.chain),
    index("order_uplines_referrer_idx").on(t.tenantId, t.referrerId, t.createdAt),
    check("order_uplines_three", sql`jsonb_array_length(${t.upline}) <= 3`),
    tenantIsolation("order_uplines"),
  ],
).enableRLS();

export const COMMISSION_KINDS = ["level1", "level2", "level3"] as const;
export type CommissionKind = (typeof COMMISSION_KINDS)[number];

/**
 * One commission of one paid order line for one beneficiary, with its reason.
 * Unique by (line, beneficiary, kind): a replayed event adds nothing.
 */
export const commissions = pgTable(
  "commissions",
  {
    tenantId: tenantId(),
    id: id(),
    orderId: uuid("order_id").notNull(),
    lineId: uuid("line_id").notNull(),
    beneficiaryId: uuid("beneficiary_id").notNull(),
    kind: text("kind", { enum: COMMISSION_KINDS }).notNull(),
    amountFen: integer("amount_fen").notNull(),
    status: text("status", { enum: COMMISSION_STATUS_VALUES }).notNull().default("pending"),
    reason: jsonb("reason").$type<Reason>().notNull(),
    /** The month of the sale (tenant time zone), for statements. */
    month: date("month", { mode: "string" }).notNull(),
    /** When the daily settlement made it available (drizzle/0034); null: pending. */
    settledAt: timestamp("settled_at", { withTimezone: true }),
    /** The commission_settled transfer that made it available (drizzle/0042: one per distributor and settlement batch). */
    settleTransferId: uuid("settle_transfer_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.lineId], foreignColumns: [orderLines.tenantId, orderLines.id] }),
    foreignKey({ columns: [t.tenantId, t.beneficiaryId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    uniqueIndex("commissions_line_beneficiary_kind_key").on(t.tenantId, t.lineId, t.beneficiaryId, t.kind),
    index("commissions_beneficiary_idx").on(t.tenantId, t.beneficiaryId, t.createdAt),
    index("commissions_order_idx").on(t.tenantId, t.orderId),
    check("commissions_amount", sql`${t.amountFen} > 0`),
    // Hard rule in the database: never a fourth level.
    check("commissions_kind", sql`${t.kind} in ('level1', 'level2', 'level3')`),
    check("commissions_status", sql`${t.status} in ('pending', 'held', 'reversed')`),
    tenantIsolation("commissions"),
  ],
).enableRLS();

/** The part of a commission a refund took back, once per (commission, refund). Append-only. */
export const commissionReversals = pgTable(
  "commission_reversals",
  {
    tenantId: tenantId(),
    id: id(),
    commissionId: uuid("commission_id").notNull(),
    /** The refund (order.refunded), or 'review:<flag id>' for a confirmed fraud flag. */
    cause: text("cause").notNull(),
    /** What was refunded of the line (the reversal is the commission's share of it, cumulative and rounded down). */
    baseFen: integer("base_fen").notNull(),
    /** What was taken back (the share, less what the merchant lets the distributor keep on returns). */
    amountFen: integer("amount_fen").notNull(),
    /** The commission's whole share of this refund when part of it was kept (drizzle/0043); null: = amount_fen. */
    shareFen: integer("share_fen"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.commissionId], foreignColumns: [commissions.tenantId, commissions.id] }),
    uniqueIndex("commission_reversals_key").on(t.tenantId, t.commissionId, t.cause),
    check("commission_reversals_amount", sql`${t.amountFen} >= 0 and ${t.baseFen} >= 0`),
    tenantIsolation("commission_reversals"),
  ],
).enableRLS();

/**
 * Monthly sales per distributor, kept incrementally on each paid/refunded
 * event: personal (orders they made or referred directly) and team (the
 * whole downline at any depth, and their own). Provable by recomputation.
 */
export const distributorMonthStats = pgTable(
  "distributor_month_stats",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    personalSalesFen: bigint("personal_sales_fen", { mode: "number" }).notNull().default(0),
    teamSalesFen: bigint("team_sales_fen", { mode: "number" }).notNull().default(0),
    personalOrders: integer("personal_orders").notNull().default(0),
    teamOrders: integer("team_orders").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.month] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    tenantIsolation("distributor_month_stats"),
  ],
).enableRLS();

/**
 * Each paid order's sales attributed to every member of the chain captured at
 * placement (the buyer when an active distributor, then every ancestor): one
 * entry per member when the order is paid (+ its lines' total) and one per
 * member for each refund (− the refunded line amounts), dated by the month the
 * order was paid (tenant time zone). Written by the order's own transactions
 * (markPaid, applyRefundSucceeded), not by the outbox consumer that keeps
 * distributor_month_stats, so summing them recomputes a month's team sales
 * independently of the rollups (recomputeTeamSales); a primary-key range per
 * distributor-month, because under row-level security the GIN index on
 * order_uplines.chain cannot be used (array @> is not leakproof). The app
 * only inserts them (the demo seed moves one order's back a month with it).
 */
export const teamSalesEntries = pgTable(
  "team_sales_entries",
  {
    tenantId: tenantId(),
    memberId: uuid("member_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    orderId: uuid("order_id").notNull(),
    /** 'paid', or the refund's id. */
    entry: text("entry").notNull(),
    salesFen: bigint("sales_fen", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // INCLUDE (sales_fen) added by migration 0009's custom SQL: the sum is an index-only scan.
    primaryKey({ columns: [t.tenantId, t.memberId, t.month, t.orderId, t.entry] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    tenantIsolation("team_sales_entries"),
  ],
).enableRLS();

/** Every level change with its reason (metrics against criteria) or the person who made it. Append-only. */
export const levelChanges = pgTable(
  "level_changes",
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid("user_id").notNull(),
    fromLevel: smallint("from_level").notNull(),
    toLevel: smallint("to_level").notNull(),
    reason: jsonb("reason").$type<{ kind: "promote" | "demote" | "manual"; metrics?: Metrics; criteria?: Metrics; note?: string }>().notNull(),
    actorId: uuid("actor_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    index("level_changes_user_idx").on(t.tenantId, t.userId, t.createdAt),
    tenantIsolation("level_changes"),
  ],
).enableRLS();

/** The monthly team management bonus of a closed month (paid out by the ledger). */
export const teamBonuses = pgTable(
  "team_bonuses",
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid("user_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    teamSalesFen: bigint("team_sales_fen", { mode: "number" }).notNull(),
    amountFen: integer("amount_fen").notNull(),
    reason: jsonb("reason").$type<{ rateBps: number; thresholdFen: number; baseFen: number; differentialFen: number }>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    uniqueIndex("team_bonuses_user_month_key").on(t.tenantId, t.userId, t.month),
    check("team_bonuses_amount", sql`${t.amountFen} > 0`),
    tenantIsolation("team_bonuses"),
  ],
).enableRLS();

export const FLAG_KINDS = ["shared_phone", "shared_address", "shared_payment", "quick_refund", "burst"] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** Anti-fraud flags (PRODUCT.md §4.10): the commission they touch is held until a person decides. */
export const distributionFlags = pgTable(
  "distribution_flags",
  {
    tenantId: tenantId(),
    id: id(),
    /** The distributor whose commission is held. */
    userId: uuid("user_id").notNull(),
    kind: text("kind", { enum: FLAG_KINDS }).notNull(),
    orderId: uuid("order_id"),
    detail: jsonb("detail").$type<Record<string, string | number>>().notNull(),
    status: text("status", { enum: ["open", "cleared", "confirmed"] }).notNull().default("open"),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: ts("reviewed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    unique("distribution_flags_once_key").on(t.tenantId, t.userId, t.kind, t.orderId).nullsNotDistinct(),
    index("distribution_flags_status_idx").on(t.tenantId, t.status, t.createdAt),
    tenantIsolation("distribution_flags"),
  ],
).enableRLS();

/**
 * A distributor's personal shop (PRODUCT.md §6.3): what shoppers see (the
 * last approved content), how many times a submission was rejected, and
 * whether editing is suspended (three rejections; the merchant lifts it).
 */
export const distributorShops = pgTable(
  "distributor_shops",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    live: jsonb("live").$type<PersonalShop>(),
    liveAt: ts("live_at"),
    rejections: integer("rejections").notNull().default(0),
    suspended: boolean("suspended").notNull().default(false),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    check("distributor_shops_rejections", sql`${t.rejections} >= 0`),
    tenantIsolation("distributor_shops"),
  ],
).enableRLS();

export const SHOP_REVIEW_STATUSES = ["pending", "approved", "rejected", "superseded"] as const;

/** Every submission of a personal shop: the review queue (pending) and its decided history. */
export const shopReviews = pgTable(
  "shop_reviews",
  {
    tenantId: tenantId(),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    content: jsonb("content").$type<PersonalShop>().notNull(),
    /** banned words found; empty: only new pictures made it wait */
    flagged: jsonb("flagged").$type<string[]>().notNull().default([]),
    status: text("status", { enum: SHOP_REVIEW_STATUSES }).notNull().default("pending"),
    reason: text("reason").notNull().default(""),
    decidedBy: uuid("decided_by"),
    decidedAt: ts("decided_at"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    index("shop_reviews_queue_idx").on(t.tenantId, t.status, t.createdAt),
    check("shop_reviews_status", sql`${t.status} in ('pending', 'approved', 'rejected', 'superseded')`),
    tenantIsolation("shop_reviews"),
  ],
).enableRLS();
