import { sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

export type DbContext = {
  /** Tenant whose rows this transaction may see; null: none. */
  tenantId?: string | null;
  /** Signed-in user (own memberships, own profile); null: anonymous. */
  userId?: string | null;
};

/**
 * Every database access of the app goes through here: one transaction that
 * switches to the unprivileged app_user role and sets the tenant and user
 * with bound parameters (transaction-local, so pooled connections never leak
 * a tenant). Row-level security does the rest; without a tenant no tenant row
 * is visible.
 */
export function withContext<T>(db: Db, ctx: DbContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await setContext(tx, ctx, true);
    return fn(tx);
  });
}

/** (Re)sets the context inside an open transaction, e.g. after creating a tenant. */
export async function setContext(tx: Tx, ctx: DbContext, switchRole = false): Promise<void> {
  if (switchRole) {
    await tx.execute(
      // JIT off: the app's statements are short; compiling them cost more than running them (the distribution benches).
      // Custom plans always: statements are prepared once per connection (client.ts), and a generic plan, blind to
      // the values, picked a whole-table plan for the hot distributor's team (team-sales-recompute: 110 ms → 680 ms).
      sql`select set_config('role', 'app_user', true), set_config('jit', 'off', true), set_config('plan_cache_mode', 'force_custom_plan', true), set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true)`,
    );
  } else {
    await tx.execute(
      sql`select set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true), set_config('app.user_id', ${ctx.userId ?? ""}, true)`,
    );
  }
}

export const withTenant = <T>(db: Db, tenantId: string, fn: (tx: Tx) => Promise<T>, userId?: string | null) =>
  withContext(db, { tenantId, userId }, fn);
