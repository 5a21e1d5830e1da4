import { sql } from "drizzle-orm";
import { rowsOf, type Db, type Tx } from "./client";
import type { tenants } from "./schema";

export type DbContext = {
  /** Tenant whose rows this transaction may see; null: none. */
  tenantId?: string | null;
  /** Signed-in user (own memberships, own profile); null: anonymous. */
  userId?: string | null;
  /**
   * A storefront's slug or custom host: its tenant becomes the transaction's,
   * resolved by the definer lookup in the same statement as the role switch
   * (a shopper's request saves a round trip). Instead of tenantId. Marks the
   * transaction a shopper's (app.storefront): staff-owned tables refuse its
   * writes unless its user is staff of the tenant (drizzle/0024).
   */
  storefront?: string;
};

/** The storefront a transaction entered (withContext with `storefront`); null when no shop has that key. */
export type EnteredStorefront = { id: string; slug: string; name: string; status: string; plan: (typeof tenants.$inferSelect)["plan"]; timeZone: string };

/**
 * The switch every app transaction starts with, whatever else its first
 * statement sets: the unprivileged role and JIT off (the app's statements are
 * short; compiling them cost more than running them, the distribution
 * benches).
 */
const SWITCH_ROLE = sql`set_config('role', 'app_user', true), set_config('jit', 'off', true)`;

/**
 * And, except in a shopper's storefront transaction, custom plans always:
 * statements are prepared once per connection (client.ts), and a generic
 * plan, blind to the values, picked a whole-table plan for the hot
 * distributor's team (110 ms → 680 ms) and for the commission consumer's
 * batch (seconds). A storefront transaction (cart, checkout, payment) runs
 * short keyed statements whose best plan does not depend on the values; there
 * re-planning every statement, foreign-key checks included, took about as long
 * as running them (pg_stat_statements, checkout bench), so PostgreSQL's
 * default (`auto`: keep a generic plan once it costs no more) applies. Their
 * statements are written so a kept plan cannot start from the wrong side
 * (primary keys first: paymentForBuyer).
 */
const CUSTOM_PLANS = sql`set_config('plan_cache_mode', 'force_custom_plan', true)`;


/**
 * Every database access of the app goes through here: one transaction that
 * switches to the unprivileged app_user role and sets the tenant and user
 * with bound parameters (transaction-local, so pooled connections never leak
 * a tenant). Row-level security does the rest; without a tenant no tenant row
 * is visible.
 */
export function withContext<T>(db: Db, ctx: DbContext, fn: (tx: Tx, shop: EnteredStorefront | null) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => fn(tx, await setContext(tx, ctx, true)));
}

/** (Re)sets the context inside an open transaction, e.g. after creating a tenant. */
export async function setContext(tx: Tx, ctx: DbContext, switchRole = false): Promise<EnteredStorefront | null> {
  if (switchRole && ctx.storefront !== undefined) {
    // The lateral join keeps one row, so the role is switched even when no shop has that key (then no tenant is set).
    const [r] = rowsOf<{ id: string | null; slug: string; name: string; status: string; plan: EnteredStorefront["plan"]; time_zone: string }>(
      await tx.execute(
        sql`select ${SWITCH_ROLE}, set_config('app.user_id', ${ctx.userId ?? ""}, true), set_config('app.tenant_id', coalesce(s.id::text, ''), true),
                   set_config('app.storefront', ${ctx.storefront}, true),
                   s.id, s.slug, s.name, s.status, s.plan, s.time_zone
              from (select 1) one left join lateral app_private.storefront_tenant(${ctx.storefront}) s on true`,
      ),
    );
    return r?.id ? { id: r.id, slug: r.slug, name: r.name, status: r.status, plan: r.plan, timeZone: r.time_zone } : null;
  }
  if (switchRole) {
    await tx.execute(sql`select ${SWITCH_ROLE}, ${CUSTOM_PLANS}, set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true)`);
  } else {
    await tx.execute(
      sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true)`,
    );
  }
  return null;
}

export const withTenant = <T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>, userId?: string | null) =>
  withContext(db, { tenantId, userId }, fn);
