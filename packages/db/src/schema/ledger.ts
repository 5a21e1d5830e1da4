import { bigint, foreignKey, integer, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ACCOUNT_KINDS, TRANSFER_KINDS } from "../../../ledger/src";
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { tenants } from "./global";
import { commissions, distributors } from "./distribution";
import { orderLines } from "./commerce";

/**
 * The ledger (drizzle/0033, PRODUCT.md §5; rules in packages/ledger). Checks,
 * the deferred balance trigger and the restrictive policies are in the SQL.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    tenantId: tenantId(),
    id: id(),
    kind: text("kind", { enum: ACCOUNT_KINDS as unknown as [string, ...string[]] }).notNull(),
    ownerId: uuid("owner_id"),
    /** A distributor's: Σ of the account's entries, updated in the statement that writes them (ledger:verify proves it); the merchant's: 0, derived (drizzle/0040). */
    balanceFen: bigint("balance_fen", { mode: "number" }).notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    unique("ledger_accounts_one").on(t.tenantId, t.kind, t.ownerId).nullsNotDistinct(),
    tenantIsolation("ledger_accounts"),
  ],
).enableRLS();

/** A movement of money: balanced entries, once per idempotency key. Append-only. */
export const ledgerTransfers = pgTable(
  "ledger_transfers",
  {
    tenantId: tenantId(),
    id: id(),
    kind: text("kind", { enum: TRANSFER_KINDS }).notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    correctsId: uuid("corrects_id"),
    commissionId: uuid("commission_id"),
    orderLineId: uuid("order_line_id"),
    withdrawalId: uuid("withdrawal_id"),
    memo: jsonb("memo").$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.commissionId], foreignColumns: [commissions.tenantId, commissions.id] }),
    foreignKey({ columns: [t.tenantId, t.orderLineId], foreignColumns: [orderLines.tenantId, orderLines.id] }),
    uniqueIndex("ledger_transfers_idempotency").on(t.tenantId, t.idempotencyKey),
    tenantIsolation("ledger_transfers"),
  ],
).enableRLS();

/** A signed line of a transfer (+ credit, − debit). Append-only. */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    tenantId: tenantId(),
    id: id(),
    transferId: uuid("transfer_id").notNull(),
    accountId: uuid("account_id").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // (tenant_id, transfer_id) and (tenant_id, account_id) name existing rows: checked once per statement by the
    // ledger_entries_balance trigger, not by row-level foreign keys (drizzle/0045), the rows kept by triggers.
    index("ledger_entries_account_idx").on(t.tenantId, t.accountId, t.createdAt),
    tenantIsolation("ledger_entries"),
  ],
).enableRLS();

export const WITHDRAWAL_STATUSES = ["reviewing", "approved", "paying", "paid", "refused", "failed"] as const;
export type WithdrawalStatus = (typeof WITHDRAWAL_STATUSES)[number];

/** A distributor's withdrawal request (drizzle/0036): reserved when made, reviewed, paid with the month's tax withheld. */
export const withdrawals = pgTable(
  "withdrawals",
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid("user_id").notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    status: text("status", { enum: WITHDRAWAL_STATUSES }).notNull().default("reviewing"),
    review: text("review", { enum: ["auto", "manual"] }).notNull(),
    method: text("method", { enum: ["manual", "wechat", "stripe"] }).notNull().default("manual"),
    idempotencyKey: text("idempotency_key").notNull(),
    taxFen: bigint("tax_fen", { mode: "number" }),
    netFen: bigint("net_fen", { mode: "number" }),
    reason: text("reason"),
    reference: text("reference"),
    reviewedBy: uuid("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
    paidAt: timestamp("paid_at", { withTimezone: true }),
    /** Who the provider pays (drizzle/0037): the openid (WeChat, with its app id) or the connected account (Stripe). */
    payee: text("payee"),
    payeeAppId: text("payee_app_id"),
    /** 1, 2, …: a new attempt (a new bill number) only after the provider said the last one failed. */
    payoutAttempt: integer("payout_attempt").notNull().default(0),
    payoutRef: text("payout_ref"),
    /** The provider's own state word (WAIT_USER_CONFIRM, SUCCESS, …), shown to finance. */
    payoutState: text("payout_state"),
    /** WeChat's package_info while the distributor has to confirm receipt (wx.requestMerchantTransfer). */
    payoutPackage: text("payout_package"),
    payoutError: text("payout_error"),
    /** When the payout was made or sent: the tax month (§5.7). */
    sentAt: timestamp("sent_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    unique("withdrawals_once").on(t.tenantId, t.userId, t.idempotencyKey),
    index("withdrawals_user_idx").on(t.tenantId, t.userId, t.createdAt),
    index("withdrawals_queue_idx").on(t.tenantId, t.status, t.createdAt),
    tenantIsolation("withdrawals"),
  ],
).enableRLS();

/** Real name and resident ID for the tax withheld (§5.7): encrypted by the app, shown masked. */
export const taxProfiles = pgTable(
  "tax_profiles",
  {
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    realNameEnc: text("real_name_enc").notNull(),
    idNumberEnc: text("id_number_enc").notNull(),
    nameMasked: text("name_masked").notNull(),
    idMasked: text("id_masked").notNull(),
    consentAt: timestamp("consent_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [distributors.tenantId, distributors.userId] }),
    tenantIsolation("tax_profiles"),
  ],
).enableRLS();

