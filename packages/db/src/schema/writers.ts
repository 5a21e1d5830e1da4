/**
 * Who writes each tenant table (review M1, drizzle/0024). Staff-owned tables
 * refuse writes from a shopper's storefront transaction unless its user is
 * staff of the tenant (restrictive policies on app_private.may_manage_tenant();
 * product_skus lets anyone move stock only, by trigger). Every other tenant
 * table is written in shoppers' transactions, or by the engine, for the reason
 * given. The catalog test fails when a tenant table is in neither list, so a
 * new table is classified when it is added.
 */
export const STAFF_WRITE_TABLES = [
  "categories",
  "products",
  "product_skus",
  "store_settings",
  "distribution_settings",
  "commission_overrides",
  "team_bonuses",
  "invitations",
  "pii_access_log",
  "design_drafts",
  "store_pages",
  "releases",
  "miniprogram_authorizations",
  "miniprogram_submissions",
  "wechatpay_merchants",
  // Global tables guarded the same way (the tenant row, its domains, its members).
  "tenants",
  "tenant_domains",
  "memberships",
] as const;

export const SHOPPER_WRITTEN_TABLES: Record<string, string> = {
  addresses: "the shopper's address book",
  cart_items: "the shopper's cart",
  orders: "checkout, payment, cancellation, receipt",
  order_lines: "checkout",
  order_events: "every order transition, the shopper's included",
  payments: "checkout and the payment simulator",
  refunds: "the shopper's return request",
  webhook_events: "provider events (system)",
  disputes: "provider dispute events (system)",
  outbox: "order events written with the shopper's order changes",
  distributors: "joining the programme, asking to leave, levels evaluated on a binding",
  referral_bindings: "binding by share link at sign-in, visit and checkout",
  order_uplines: "the upline captured at checkout",
  team_sales_entries: "the team entries made at checkout",
  commissions: "held in the shopper's payment when its method matches the referrer's",
  commission_reversals: "the engine (outbox drain) and staff reviews",
  distributor_month_stats: "the engine (outbox drain)",
  level_changes: "levels evaluated on a binding made in the shopper's transaction",
  distribution_flags: "anti-fraud flags raised in the shopper's payment",
  media: "return photos shoppers upload",
  distributor_shops: "a distributor's own personal shop (its own row only, by policy); staff decide reviews",
  shop_reviews: "a distributor submitting their shop (its own rows only, by policy); staff decide",
  audit_log: "append-only trail of staff and shopper actions",
  ledger_accounts: "a distributor reserving a withdrawal (its own accounts only, by policy); settlement and payouts by staff and the system",
  ledger_transfers: "a distributor reserving a withdrawal (that kind only, by policy); every other movement by staff and the system",
  ledger_entries: "the lines of those transfers (a shopper's on its own accounts only, by policy)",
  withdrawals: "a distributor requesting a withdrawal (its own, unreviewed, by policy); review and payout by staff and the system",
  tax_profiles: "a distributor giving their real name and ID for the tax withheld (its own row only, by policy)",
  miniprogram_identities: "the mini-program login linking a WeChat openid to its shopper (its own row only, by policy)",
};
