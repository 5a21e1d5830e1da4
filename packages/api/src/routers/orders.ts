import { sql } from "drizzle-orm";
import { sendRefund } from "../../../db/src/flows/refunds";
import { disputesOfOrder } from "../../../db/src/queries/disputes";
import { approveRefund, listOrders, merchantRefund, orderDetail, refuseRefund, shipOrder } from "../../../db/src/queries/orders";
import { getStoreSettings, updateStoreSettings } from "../../../db/src/queries/store";
import { logPiiAccess } from "../../../db/src/queries/pii";
import { rowsOf } from "../../../db/src/client";
import { merchantRefundInput, orderIdInput, orderListInput, refundDecisionInput, shipInput, storeSettingsInput } from "../../../orders/src/schemas";
import { can, type Role } from "../../../tenancy/src/roles";
import { router, tenantProcedure, tenantProcedureWith } from "../trpc";

/** Shoppers' phones and addresses whole only for those who ship or refund (§8.2); a viewer gets them masked. */
const maskPiiFor = (role: Role) => !can(role, "orders.write") && !can(role, "orders.refund");

/** The merchant's orders (/console/orders) and commerce settings. */
export const ordersRouter = router({
  list: tenantProcedure.input(orderListInput).query(async ({ ctx, input }) => {
    const maskPii = maskPiiFor(ctx.role);
    const r = await listOrders(ctx.tx, ctx.tenant.id, {
      status: input.status,
      from: input.from,
      to: input.to,
      q: input.q,
      refCode: input.refCode,
      limit: input.pageSize,
      offset: (input.page - 1) * input.pageSize,
      maskPii,
    });
    // Unmasked phones and addresses: who saw whose is logged (§8.2).
    if (!maskPii) await logPiiAccess(ctx.tx, ctx.tenant.id, ctx.user.id, "orders.list", r.orders.map((o) => o.buyerId), r.orders.map((o) => o.id));
    return r;
  }),
  /** Orders per status, for the tabs. */
  counts: tenantProcedure.query(async ({ ctx }) => {
    const rows = rowsOf<{ status: string; n: number }>(
      await ctx.tx.execute(sql`select status, count(*)::int as n from orders where tenant_id = ${ctx.tenant.id} group by status`),
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
  }),
  detail: tenantProcedure.input(orderIdInput).query(async ({ ctx, input }) => {
    const maskPii = maskPiiFor(ctx.role);
    const d = await orderDetail(ctx.tx, ctx.tenant.id, input.orderId, undefined, { maskPii });
    if (!maskPii) await logPiiAccess(ctx.tx, ctx.tenant.id, ctx.user.id, "orders.detail", [d.order.buyerId], [d.order.id]);
    // Card disputes on the order's payment (staff only: the shopper's own page does not show them).
    return { ...d, disputes: await disputesOfOrder(ctx.tx, ctx.tenant.id, d.order.id) };
  }),
  ship: tenantProcedureWith("orders.write")
    .input(shipInput)
    .mutation(({ ctx, input }) => shipOrder(ctx.tx, ctx.tenant.id, input.orderId, ctx.user.id, input)),
  /** Approve (the money goes back through the provider after commit) or refuse a return/refund request. */
  decideRefund: tenantProcedureWith("orders.refund")
    .input(refundDecisionInput)
    .mutation(async ({ ctx, input }) => {
      if (input.decision === "refuse") return refuseRefund(ctx.tx, ctx.tenant.id, input.refundId, ctx.user.id, input.reason);
      const refund = await approveRefund(ctx.tx, ctx.tenant.id, input.refundId, ctx.user.id, { amountFen: input.amountFen, restock: input.restock, lines: input.lines });
      const tenantId = ctx.tenant.id;
      ctx.afterCommit((db) => sendRefund(db, ctx.payments.providers, tenantId, refund.id));
      return refund;
    }),
  /** The merchant refunds whole or part on their own initiative. */
  refund: tenantProcedureWith("orders.refund")
    .input(merchantRefundInput)
    .mutation(async ({ ctx, input }) => {
      const refund = await merchantRefund(ctx.tx, ctx.tenant.id, input.orderId, ctx.user.id, input);
      const tenantId = ctx.tenant.id;
      ctx.afterCommit((db) => sendRefund(db, ctx.payments.providers, tenantId, refund.id));
      return refund;
    }),
  settings: tenantProcedure.query(({ ctx }) => getStoreSettings(ctx.tx, ctx.tenant.id)),
  updateSettings: tenantProcedureWith("settings.update")
    .input(storeSettingsInput)
    .mutation(({ ctx, input }) => updateStoreSettings(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
});
