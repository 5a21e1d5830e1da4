import { sql, type SQL } from "drizzle-orm";
import { pgPolicy, pgRole, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The runtime role. Created by the first custom migration (drizzle/0000_roles.sql);
 * drizzle-kit must not try to create it, hence `.existing()`.
 */
export const appUser = pgRole("app_user").existing();

/** The tenant of the current transaction; NULL when unset or reset (''). */
export const currentTenant = sql`(select nullif(current_setting('app.tenant_id', true), '')::uuid)`;
/** The signed-in user of the current transaction; NULL when unset. */
export const currentUser = sql`(select nullif(current_setting('app.user_id', true), '')::uuid)`;

export const id = () => uuid("id").notNull().defaultRandom();
export const tenantId = () => uuid("tenant_id").notNull();
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/**
 * The one policy every tenant-owned table carries: rows are visible and
 * writable only inside a transaction whose app.tenant_id is the row's tenant.
 * FORCE ROW LEVEL SECURITY and grants are applied by app_private.secure_tables()
 * (drizzle/0002_secure.sql), which every migration run calls again.
 */
export function tenantIsolation(table: string) {
  const own: SQL = sql`tenant_id = ${currentTenant}`;
  return pgPolicy(`${table}_tenant_isolation`, {
    as: "permissive",
    for: "all",
    to: appUser,
    using: own,
    withCheck: own,
  });
}
