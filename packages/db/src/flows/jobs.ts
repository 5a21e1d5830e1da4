import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { withContext, withTenant } from "../context";
import { completeOrder, expireOrder } from "../queries/orders";
import type { Providers } from "../../../payments/src/types";
import { sendRefund } from "./refunds";
import { drainAllOutboxes } from "./commissions";

type Due = { tenant_id: string; id: string };

async function due(db: Db, query: ReturnType<typeof sql>): Promise<Due[]> {
  return withContext(db, {}, async (tx) => rowsOf<Due>(await tx.execute(query)));
}

export type SweepResult = { expired: number; completed: number; refundsRetried: number; outboxEvents: number };

/**
 * The scheduled order job (every minute in the app, or `npm run jobs`):
 * - unpaid orders past their expiry are cancelled and their stock released;
 * - received orders past the return window are completed (order.completed);
 * - approved refunds whose provider call never finished are sent again.
 * Each order is handled in its own tenant transaction with a row lock, so two
 * workers, or a payment arriving at the same moment, cannot both act on it.
 */
export async function runOrderSweep(db: Db, providers: Providers, batch = 200, now = new Date()): Promise<SweepResult> {
  const result: SweepResult = { expired: 0, completed: 0, refundsRetried: 0, outboxEvents: 0 };
  for (const d of await due(db, sql`select tenant_id, order_id as id from app_private.due_unpaid_orders(${batch})`)) {
    if (await withTenant(db, d.tenant_id, (tx) => expireOrder(tx, d.tenant_id, d.id))) result.expired++;
  }
  for (const d of await due(db, sql`select tenant_id, order_id as id from app_private.due_completions(${batch}, ${now.toISOString()}::timestamptz)`)) {
    if (await withTenant(db, d.tenant_id, (tx) => completeOrder(tx, d.tenant_id, d.id, now))) result.completed++;
  }
  for (const d of await due(db, sql`select tenant_id, refund_id as id from app_private.stuck_refunds(interval '2 minutes', ${batch})`)) {
    await sendRefund(db, providers, d.tenant_id, d.id);
    result.refundsRetried++;
  }
  // Outbox events a post-commit drain missed (a crash, a failed effect).
  result.outboxEvents = (await drainAllOutboxes(db)).events;
  return result;
}
