import { maskAddress } from "../../../core/src/mask";
import { randomInt } from "node:crypto";
import { and, asc, desc, eq, getTableColumns, gte, ilike, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { AppError, isUuid } from "../../../core/src/errors";
import { formatFen } from "../../../core/src/money";
import { allocateFen, canTransition, orderTotals, transition, unitsToRestock, type OrderEvent, type OrderState, type RestockUnits, type ShippingRule } from "../../../orders/src";
import { rowsOf, type Tx } from "../client";
import { parseMediaUrl } from "../../../catalog/src/image";
import {
  addresses,
  media,
  orderEvents,
  orderLines,
  orders,
  outbox,
  payments,
  productSkus,
  products,
  refunds,
  storeSettings,
  type AddressSnapshot,
  type OutboxTopic,
} from "../schema";
import { getStoreSettings } from "./store";
import { writeAudit } from "./audit";
import { bindShopper, captureUpline } from "./referrals";
import { monthOf } from "./distributors";

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;

const notFound = () => new AppError("NOT_FOUND", "order.notFound");

export function stateOf(o: Pick<OrderRow, "status" | "resumeTo">): OrderState {
  if (o.status === "refund_requested") return { status: "refund_requested", resumeTo: o.resumeTo ?? "paid" };
  return { status: o.status };
}

/** Order number: date + 10 random digits, unique per tenant (a collision fails the insert, never merges). */
export function newOrderNo(now = new Date()): string {
  const d = now.toISOString().slice(0, 10).replaceAll("-", "");
  return `${d}${String(randomInt(0, 1e10)).padStart(10, "0")}`;
}

/* ------------------------------------------------------------------ place */

export type PlaceOrderInput = {
  tenantId: string;
  buyer: { id: string; name: string };
  items: { skuId: string; quantity: number }[];
  address: AddressSnapshot;
  note?: string;
  refCode?: string | null;
  /** How refCode reached the shopper: a share link (default) or a QR code. */
  refVia?: "link" | "qr" | null;
  idempotencyKey: string;
  /** Remove the bought SKUs from the buyer's cart (checkout from the cart). */
  fromCart?: boolean;
};

/**
 * Creates an order and reserves its stock in the caller's transaction.
 * Stock is taken with `stock = stock - q where stock >= q`, so concurrent
 * checkouts can never drive it negative; if any line cannot be reserved the
 * whole transaction fails and nothing is kept. A retried request (same
 * idempotency key) returns the order the first one created.
 */
export async function placeOrder(
  tx: Tx,
  input: PlaceOrderInput,
): Promise<{ order: OrderRow; created: boolean; lines: { name: string; quantity: number; unitPriceFen: number }[] }> {
  const { tenantId } = input;
  // Checked before anything is written. When the check fails, this may be the
  // retry of an order that was placed (its stock since sold out): answer with
  // that order. Never after the insert below: this transaction's own order
  // must not be mistaken for an earlier one.
  let checked: Awaited<ReturnType<typeof checkItems>>;
  try {
    checked = await checkItems(tx, input);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const existing = await findByKey(tx, tenantId, input.buyer.id, input.idempotencyKey);
    if (existing) return { order: existing, created: false, lines: [] };
    throw e;
  }
  const { lines, totals, settings, skuIds } = checked;

  const [order] = await tx
    .insert(orders)
    .values({
      tenantId,
      no: newOrderNo(),
      buyerId: input.buyer.id,
      buyerName: input.buyer.name,
      subtotalFen: totals.subtotalFen,
      shippingFen: totals.shippingFen,
      totalFen: totals.totalFen,
      address: input.address,
      note: input.note ?? "",
      refCode: input.refCode ?? null,
      idempotencyKey: input.idempotencyKey,
      expiresAt: sql`now() + make_interval(mins => ${settings.unpaidExpiryMinutes})`,
    })
    .onConflictDoNothing({ target: [orders.tenantId, orders.buyerId, orders.idempotencyKey] })
    .returning();
  if (!order) {
    // A concurrent retry with the same key committed first: answer with its order.
    const again = await findByKey(tx, tenantId, input.buyer.id, input.idempotencyKey);
    if (again) return { order: again, created: false, lines: [] };
    throw new AppError("CONFLICT", "order.retry");
  }

  // The share code binds the buyer (by the tenant's binding rule) and the
  // upline is captured now: later changes of the tree leave this order alone.
  if (input.refCode) await bindShopper(tx, tenantId, input.buyer.id, input.refCode, "order");
  await captureUpline(tx, tenantId, order.id, input.buyer.id);
  await attributeOrder(tx, tenantId, order.id, input.buyer.id, input.refCode ?? null, input.refVia ?? null);

  // Reserve in SKU id order so concurrent multi-line orders never deadlock.
  for (const l of lines) {
    const reserved = await tx
      .update(productSkus)
      .set({ stock: sql`${productSkus.stock} - ${l.quantity}` })
      .where(and(eq(productSkus.tenantId, tenantId), eq(productSkus.id, l.row.skuId), gte(productSkus.stock, l.quantity)))
      .returning({ stock: productSkus.stock });
    if (reserved.length === 0) throw new AppError("CONFLICT", "order.outOfStock", { name: l.row.productName, stock: 0 }, "items");
  }

  const insertLines = tx.insert(orderLines).values(
    lines.map((l) => ({
      tenantId,
      orderId: order.id,
      productId: l.row.productId,
      skuId: l.row.skuId,
      productName: l.row.productName,
      skuCode: l.row.code,
      spec: l.row.spec,
      image: l.row.images[0] ?? null,
      unitPriceFen: l.row.priceFen,
      unitCostFen: l.row.costFen,
      quantity: l.quantity,
      lineTotalFen: l.row.priceFen * l.quantity,
    })),
  );
  // The lines and the first timeline entry in one statement.
  await tx.execute(sql`
    with l as (${insertLines.getSQL()})
    insert into order_events (tenant_id, order_id, type, from_status, to_status, actor_id, data)
    values (${tenantId}, ${order.id}, 'created', null, 'created', ${input.buyer.id}, ${JSON.stringify({ totalFen: order.totalFen })}::jsonb)`);
  if (input.fromCart) {
    await tx.execute(
      sql`delete from cart_items where tenant_id = ${tenantId} and user_id = ${input.buyer.id} and sku_id in (${sql.join(
        skuIds.map((s) => sql`${s}::uuid`),
        sql`, `,
      )})`,
    );
  }
  return {
    order,
    created: true,
    lines: lines.map((l) => ({ name: l.row.productName, quantity: l.quantity, unitPriceFen: l.row.priceFen })),
  };
}


/** The items exist in this tenant, are on sale and in stock (a first look; the reservation decides). */
async function checkItems(tx: Tx, input: PlaceOrderInput) {
  const { tenantId } = input;
  const wanted = new Map<string, number>();
  for (const it of input.items) {
    if (!isUuid(it.skuId)) throw new AppError("NOT_FOUND", "order.skuUnavailable", {}, "items");
    wanted.set(it.skuId, (wanted.get(it.skuId) ?? 0) + it.quantity);
  }
  if (wanted.size === 0) throw new AppError("BAD_REQUEST", "order.empty");
  const skuIds = [...wanted.keys()].sort();
  const rows = await tx
    .select({
      skuId: productSkus.id,
      code: productSkus.code,
      spec: productSkus.spec,
      priceFen: productSkus.priceFen,
      costFen: productSkus.costFen,
      stock: productSkus.stock,
      productId: products.id,
      productName: products.name,
      status: products.status,
      images: products.images,
      // The shop's settings ride along (null until the row exists).
      shippingFlatFen: storeSettings.shippingFlatFen,
      freeShippingFromFen: storeSettings.freeShippingFromFen,
      unpaidExpiryMinutes: storeSettings.unpaidExpiryMinutes,
    })
    .from(productSkus)
    .leftJoin(storeSettings, eq(storeSettings.tenantId, productSkus.tenantId))
    .innerJoin(products, and(eq(products.tenantId, productSkus.tenantId), eq(products.id, productSkus.productId)))
    .where(and(eq(productSkus.tenantId, tenantId), inArray(productSkus.id, skuIds)));
  const byId = new Map(rows.map((r) => [r.skuId, r]));
  for (const id of skuIds) {
    const r = byId.get(id);
    // Another tenant's SKU is simply not visible here (RLS), so it is "unavailable" too.
    if (!r || r.status !== "on_sale") throw new AppError("NOT_FOUND", "order.skuUnavailable", { name: r?.productName ?? "" }, "items");
    const q = wanted.get(id)!;
    if (q > r.stock) throw new AppError("CONFLICT", "order.outOfStock", { name: r.productName, stock: r.stock }, "items");
  }

  const first = rows[0]!;
  const settings =
    first.shippingFlatFen === null || first.unpaidExpiryMinutes === null
      ? await getStoreSettings(tx, tenantId)
      : { shippingFlatFen: first.shippingFlatFen, freeShippingFromFen: first.freeShippingFromFen, unpaidExpiryMinutes: first.unpaidExpiryMinutes };
  const rule: ShippingRule = { flatFen: settings.shippingFlatFen, freeFromFen: settings.freeShippingFromFen };
  const lines = skuIds.map((id) => ({ row: byId.get(id)!, quantity: wanted.get(id)! }));
  const totals = orderTotals(
    lines.map((l) => ({ unitPriceFen: l.row.priceFen, quantity: l.quantity })),
    rule,
  );

  return { lines, totals, settings, skuIds };
}

async function findByKey(tx: Tx, tenantId: string, buyerId: string, key: string) {
  const [o] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.tenantId, tenantId), eq(orders.buyerId, buyerId), eq(orders.idempotencyKey, key)));
  return o ?? null;
}

/* ------------------------------------------------------------ transitions */

export async function lockOrder(tx: Tx, tenantId: string, orderId: string, buyerId?: string): Promise<OrderRow> {
  if (!isUuid(orderId)) throw notFound();
  const conds = [eq(orders.tenantId, tenantId), eq(orders.id, orderId)];
  if (buyerId) conds.push(eq(orders.buyerId, buyerId));
  const [o] = await tx.select().from(orders).where(and(...conds)).for("update");
  if (!o) throw notFound();
  return o;
}

export async function recordEvent(
  tx: Tx,
  order: Pick<OrderRow, "tenantId" | "id">,
  type: string,
  from: string | null,
  to: string | null,
  actorId: string | null,
  data: Record<string, unknown> = {},
) {
  await tx.insert(orderEvents).values({ tenantId: order.tenantId, orderId: order.id, type, fromStatus: from, toStatus: to, actorId, data });
}

async function writeOutbox(tx: Tx, order: OrderRow, topic: OutboxTopic, key: string, payload: Record<string, unknown>) {
  await tx
    .insert(outbox)
    .values({ tenantId: order.tenantId, topic, key, orderId: order.id, payload })
    .onConflictDoNothing({ target: [outbox.tenantId, outbox.key] });
}

/**
 * Applies one state-machine event to a locked order, records it on the
 * timeline and sets the extra columns; an illegal transition throws the
 * state machine's CONFLICT error and nothing changes.
 */
async function move(
  tx: Tx,
  order: OrderRow,
  event: OrderEvent,
  actorId: string | null,
  set: { [K in keyof typeof orders.$inferInsert]?: (typeof orders.$inferInsert)[K] | SQL } = {},
  data: Record<string, unknown> = {},
  /** More writes for the same statement: CTEs that may read the updated order as `moved` (markPaid). */
  also?: SQL,
): Promise<OrderRow> {
  const next = transition(stateOf(order), event);
  const update = tx
    .update(orders)
    .set({ ...set, status: next.status, resumeTo: next.status === "refund_requested" ? next.resumeTo : null, updatedAt: sql`now()` })
    .where(and(eq(orders.tenantId, order.tenantId), eq(orders.id, order.id)))
    .returning();
  // The change and its timeline entry in one statement.
  const [raw] = rowsOf<Record<string, unknown>>(
    await tx.execute(sql`
      with moved as (${update.getSQL()}),
           e as (insert into order_events (tenant_id, order_id, type, from_status, to_status, actor_id, data)
                 select moved.tenant_id, moved.id, ${event.type}, ${order.status}, ${next.status}, ${actorId}::uuid, ${JSON.stringify(data)}::jsonb from moved)
           ${also ? sql`, ${also}` : sql``}
      select * from moved`),
  );
  return orderFromRow(raw!);
}

const ORDER_COLUMNS = Object.entries(getTableColumns(orders));

/** A raw `orders` row (snake_case, driver values) as drizzle would return it. */
export function orderFromRow(raw: Record<string, unknown>): OrderRow {
  const out: Record<string, unknown> = {};
  for (const [key, col] of ORDER_COLUMNS) {
    const v = raw[col.name];
    out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
  }
  return out as OrderRow;
}

/**
 * Puts units of the order back in stock, each unit at most once: every unit
 * not back yet ("all": a cancelled or expired order releases what it
 * reserved), or the units a refund names, capped by what is not back yet (a
 * replayed or second refund finds them back already). One statement: the
 * lines count what went back and the SKUs get exactly that.
 */
async function restock(tx: Tx, tenantId: string, orderId: string, units: RestockUnits[] | "all") {
  const wanted =
    units === "all"
      ? sql`select l.id, l.quantity - l.restocked_qty as n from order_lines l where l.tenant_id = ${tenantId} and l.order_id = ${orderId}`
      : sql`select l.id, least(a.quantity, l.quantity - l.restocked_qty) as n
              from order_lines l join jsonb_to_recordset(${JSON.stringify(units)}::jsonb) as a("lineId" uuid, quantity int) on a."lineId" = l.id
             where l.tenant_id = ${tenantId} and l.order_id = ${orderId}`;
  await tx.execute(sql`
    with d as (${wanted}),
         back as (update order_lines l set restocked_qty = l.restocked_qty + d.n from d
                   where l.tenant_id = ${tenantId} and l.id = d.id and d.n > 0 returning l.sku_id, d.n)
    update product_skus s set stock = s.stock + b.n
      from (select sku_id, sum(n)::int as n from back group by sku_id) b
     where s.tenant_id = ${tenantId} and s.id = b.sku_id`);
}

async function linesOf(tx: Tx, tenantId: string, orderId: string) {
  return tx
    .select()
    .from(orderLines)
    .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.orderId, orderId)))
    .orderBy(asc(orderLines.skuCode));
}

/**
 * Marks a locked, created order paid and writes order.paid to the outbox in
 * the same transaction, its payload (the lines as bought) assembled by the
 * database in the same statement.
 */
export async function markPaid(tx: Tx, order: OrderRow, paymentId: string, actorId: string | null) {
  // In the same statement as the change: the team sales entries (teamSalesEntry, dated by the
  // updated row `moved`: the statement's snapshot still has the unpaid one) and order.paid in the outbox.
  return move(tx, order, { type: "pay" }, actorId, { paidFen: order.totalFen, paidAt: sql`now()` }, { paymentId }, sql`
    entries as (${teamSalesEntry(order.tenantId, order.id, "paid", sql`(select coalesce(sum(l.line_total_fen), 0) from order_lines l where l.tenant_id = u.tenant_id and l.order_id = u.order_id)`, sql`moved`)}),
    paid_event as (
      insert into outbox (tenant_id, topic, key, order_id, payload)
      select ${order.tenantId}, 'order.paid', ${`order.paid:${order.id}`}, ${order.id},
             jsonb_build_object(
               'orderId', ${order.id}::text, 'orderNo', ${order.no}::text, 'buyerId', ${order.buyerId}::text, 'refCode', ${order.refCode}::text,
               'paymentId', ${paymentId}::text, 'totalFen', ${order.totalFen}::int, 'shippingFen', ${order.shippingFen}::int,
               'lines', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'lineId', l.id, 'productId', l.product_id, 'skuId', l.sku_id, 'quantity', l.quantity,
                          'unitPriceFen', l.unit_price_fen, 'unitCostFen', l.unit_cost_fen, 'lineTotalFen', l.line_total_fen)
                        order by l.sku_code)
                   from order_lines l where l.tenant_id = ${order.tenantId} and l.order_id = ${order.id}), '[]'::jsonb))
      on conflict (tenant_id, key) do nothing)`);
}

/**
 * Inserts one team_sales_entries row per member of the order's captured chain
 * (none without one), dated by the month the order was paid in the tenant's
 * time zone: the order's own record of whose team sales it is, kept apart
 * from the consumer's rollups so it can prove them (recomputeTeamSales).
 */
function teamSalesEntry(tenantId: string, orderId: string, entry: string, salesFen: SQL, orderRows: SQL = sql`orders`) {
  return sql`
    insert into team_sales_entries (tenant_id, member_id, month, order_id, entry, sales_fen)
    select u.tenant_id, m.member_id, ${monthOf(sql`o.paid_at`, sql`t.time_zone`)}, u.order_id, ${entry}, ${salesFen}
      from order_uplines u
      join ${orderRows} o on o.tenant_id = u.tenant_id and o.id = u.order_id
      join tenants t on t.id = u.tenant_id
     cross join lateral unnest(u.chain) as m(member_id)
     where u.tenant_id = ${tenantId} and u.order_id = ${orderId} and o.paid_at is not null`;
}

/** The shopper cancels an unpaid order; its stock is released. */
export async function cancelOrder(tx: Tx, tenantId: string, orderId: string, actor: { id: string; buyer: boolean }) {
  const order = await lockOrder(tx, tenantId, orderId, actor.buyer ? actor.id : undefined);
  const next = await move(tx, order, { type: "cancel" }, actor.id, { cancelledAt: sql`now()` });
  await restock(tx, tenantId, orderId, "all");
  await closeOpenPayments(tx, tenantId, orderId);
  return next;
}

async function closeOpenPayments(tx: Tx, tenantId: string, orderId: string) {
  await tx
    .update(payments)
    .set({ status: "expired", updatedAt: sql`now()` })
    .where(and(eq(payments.tenantId, tenantId), eq(payments.orderId, orderId), eq(payments.status, "pending")));
}

/**
 * Expires one unpaid order if it is still unpaid and past its time (the
 * scheduled job calls this per due order; a concurrent payment or a second
 * worker simply finds nothing to do).
 */
export async function expireOrder(tx: Tx, tenantId: string, orderId: string): Promise<boolean> {
  const order = await lockOrder(tx, tenantId, orderId);
  if (order.status !== "created" || order.expiresAt.getTime() > Date.now()) return false;
  await move(tx, order, { type: "expire" }, null, { cancelledAt: sql`now()` });
  await restock(tx, tenantId, orderId, "all");
  await closeOpenPayments(tx, tenantId, orderId);
  return true;
}

export async function shipOrder(tx: Tx, tenantId: string, orderId: string, actorId: string, input: { carrier: string; trackingNo: string }) {
  const order = await lockOrder(tx, tenantId, orderId);
  return move(tx, order, { type: "ship" }, actorId, { carrier: input.carrier, trackingNo: input.trackingNo, shippedAt: sql`now()` }, input);
}

export async function confirmReceipt(tx: Tx, tenantId: string, orderId: string, buyerId: string) {
  const order = await lockOrder(tx, tenantId, orderId, buyerId);
  return move(tx, order, { type: "confirm_receipt" }, buyerId, { receivedAt: sql`now()` });
}

/** Received and past the return window: completed, and order.completed goes to the outbox. */
export async function completeOrder(tx: Tx, tenantId: string, orderId: string, now = new Date()): Promise<boolean> {
  const order = await lockOrder(tx, tenantId, orderId);
  if (order.status !== "received") return false;
  const settings = await getStoreSettings(tx, tenantId);
  const due = order.receivedAt!.getTime() + settings.returnWindowDays * 86_400_000;
  if (due > now.getTime()) return false;
  // Completed at the sweep's moment (the app's clock: now, or the e2e's test clock).
  const done = await move(tx, order, { type: "complete" }, null, { completedAt: now });
  await writeOutbox(tx, done, "order.completed", `order.completed:${order.id}`, {
    orderId: order.id,
    orderNo: order.no,
    paidFen: order.paidFen,
    refundedFen: order.refundedFen,
  });
  return true;
}

/* ---------------------------------------------------------------- refunds */

export type RefundRow = typeof refunds.$inferSelect;

/** How much of a paid order can still be refunded. */
export const refundableFen = (o: Pick<OrderRow, "paidFen" | "refundedFen">) => o.paidFen - o.refundedFen;

/** Every return photo is a picture this shopper uploaded to this shop (no foreign links in staff screens). */
async function assertOwnPhotos(tx: Tx, tenantId: string, buyerId: string, photos: string[]) {
  if (!photos.length) return;
  const refs = photos.map(parseMediaUrl);
  if (refs.some((r) => !r || r.tenantId !== tenantId)) throw new AppError("BAD_REQUEST", "order.photoForeign", {}, "photos");
  const ids = [...new Set(refs.map((r) => r!.mediaId))];
  const found = await tx
    .select({ id: media.id })
    .from(media)
    .where(and(eq(media.tenantId, tenantId), inArray(media.id, ids), eq(media.uploadedBy, buyerId)));
  if (found.length !== ids.length) throw new AppError("BAD_REQUEST", "order.photoForeign", {}, "photos");
}

/**
 * The shopper asks for a return (goods shipped or received: 7-day no-reason
 * return within the tenant's window) or a refund (paid, not shipped).
 */
export async function requestReturn(
  tx: Tx,
  tenantId: string,
  orderId: string,
  buyerId: string,
  input: { reason: string; photos: string[]; amountFen?: number | null },
) {
  await assertOwnPhotos(tx, tenantId, buyerId, input.photos);
  const order = await lockOrder(tx, tenantId, orderId, buyerId);
  if (order.status === "received") {
    const settings = await getStoreSettings(tx, tenantId);
    const closes = order.receivedAt!.getTime() + settings.returnWindowDays * 86_400_000;
    if (closes < Date.now()) throw new AppError("CONFLICT", "order.returnWindowClosed", { days: settings.returnWindowDays });
  }
  const max = refundableFen(order);
  const amount = input.amountFen ?? max;
  if (amount <= 0) throw new AppError("BAD_REQUEST", "order.refundNotPositive", {}, "amountFen");
  if (amount > max) throw new AppError("BAD_REQUEST", "order.refundTooLarge", { maxFen: max, max: formatFen(max) }, "amountFen");
  const kind = order.status === "paid" ? "refund" : "return";
  await move(tx, order, { type: "request_refund" }, buyerId, {}, { reason: input.reason, amountFen: amount, kind });
  const [refund] = await tx
    .insert(refunds)
    .values({ tenantId, orderId, kind, reason: input.reason, photos: input.photos, requestedFen: amount, requestedBy: buyerId, restock: kind === "return" })
    .returning();
  return refund!;
}

export async function lockRefund(tx: Tx, tenantId: string, refundId: string): Promise<RefundRow> {
  if (!isUuid(refundId)) throw new AppError("NOT_FOUND", "order.refundNotFound");
  const [r] = await tx
    .select()
    .from(refunds)
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId)))
    .for("update");
  if (!r) throw new AppError("NOT_FOUND", "order.refundNotFound");
  return r;
}

/**
 * The merchant approves a request (possibly for a smaller amount): the refund
 * becomes pending and the caller sends it to the payment provider after the
 * transaction commits (sendRefund). The order changes only when the money has
 * gone back (applyRefundSucceeded).
 */
export async function approveRefund(
  tx: Tx,
  tenantId: string,
  refundId: string,
  actorId: string,
  input: { amountFen?: number | null; restock?: boolean; lines?: RestockUnits[] | null },
): Promise<RefundRow> {
  const refund = await lockRefund(tx, tenantId, refundId);
  if (refund.status !== "requested" && refund.status !== "failed")
    throw new AppError("CONFLICT", "order.refundDecided");
  const order = await lockOrder(tx, tenantId, refund.orderId);
  if (order.status !== "refund_requested") throw new AppError("CONFLICT", "order.illegalTransition", { from: order.status, event: "approve_refund" });
  const amount = input.amountFen ?? refund.requestedFen;
  const max = refundableFen(order);
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new AppError("BAD_REQUEST", "order.refundNotPositive", {}, "amountFen");
  if (amount > max) throw new AppError("BAD_REQUEST", "order.refundTooLarge", { maxFen: max, max: formatFen(max) }, "amountFen");
  const [payment] = await tx
    .select()
    .from(payments)
    .where(
      and(
        eq(payments.tenantId, tenantId),
        eq(payments.orderId, order.id),
        eq(payments.status, "succeeded"),
        // The captured payment, never a duplicate one that was (or is being) given back.
        sql`not exists (select 1 from refunds v where v.tenant_id = ${payments.tenantId} and v.payment_id = ${payments.id} and v.kind = 'void')`,
      ),
    )
    .orderBy(asc(payments.createdAt))
    .limit(1);
  if (!payment) throw new AppError("CONFLICT", "order.notPaid");
  // The units go back when the money has (applyRefundSucceeded); a return, or a refund of everything left, means every unit not back yet.
  const restock = input.restock ?? refund.restock;
  const picked = unitsToRestock(await linesOf(tx, tenantId, order.id), { restock, asked: input.lines, whole: refund.kind === "return" || amount === max });
  if (!picked.ok) throw new AppError("BAD_REQUEST", "order.restockUnits", {}, "lines");
  const [row] = await tx
    .update(refunds)
    .set({
      status: "pending",
      amountFen: amount,
      restock,
      lines: picked.units,
      paymentId: payment.id,
      decidedBy: actorId,
      decidedAt: sql`now()`,
      failureReason: null,
      // Only a refund the provider said failed gets a new attempt (and a new idempotency key).
      ...(refund.status === "failed" ? { attempt: refund.attempt + 1, providerRefundId: null } : {}),
    })
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId)))
    .returning();
  await recordEvent(tx, order, "refund_approved", order.status, order.status, actorId, { refundId, amountFen: amount });
  return row!;
}

export async function refuseRefund(tx: Tx, tenantId: string, refundId: string, actorId: string, reason: string) {
  const refund = await lockRefund(tx, tenantId, refundId);
  if (refund.status !== "requested" && refund.status !== "failed") throw new AppError("CONFLICT", "order.refundDecided");
  const order = await lockOrder(tx, tenantId, refund.orderId);
  await move(tx, order, { type: "refuse_refund" }, actorId, {}, { refundId, reason });
  const [row] = await tx
    .update(refunds)
    .set({ status: "refused", refusalReason: reason, decidedBy: actorId, decidedAt: sql`now()` })
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId)))
    .returning();
  return row!;
}

/**
 * The merchant refunds on their own initiative (whole or part): a refund
 * request and its approval in one step.
 */
export async function merchantRefund(
  tx: Tx,
  tenantId: string,
  orderId: string,
  actorId: string,
  input: { amountFen: number; reason: string; restock: boolean; lines?: RestockUnits[] | null },
): Promise<RefundRow> {
  const order = await lockOrder(tx, tenantId, orderId);
  const max = refundableFen(order);
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new AppError("BAD_REQUEST", "order.refundNotPositive", {}, "amountFen");
  if (input.amountFen > max) throw new AppError("BAD_REQUEST", "order.refundTooLarge", { maxFen: max, max: formatFen(max) }, "amountFen");
  if (order.status === "refund_requested") throw new AppError("CONFLICT", "order.refundOpen");
  await move(tx, order, { type: "request_refund" }, actorId, {}, { reason: input.reason, amountFen: input.amountFen, by: "merchant" });
  const [refund] = await tx
    .insert(refunds)
    .values({ tenantId, orderId, kind: "refund", reason: input.reason, requestedFen: input.amountFen, requestedBy: actorId, restock: input.restock })
    .returning();
  return approveRefund(tx, tenantId, refund!.id, actorId, { amountFen: input.amountFen, restock: input.restock, lines: input.lines });
}

/** The provider call failed: the refund can be approved again; the order keeps waiting. */
export async function markRefundFailed(tx: Tx, tenantId: string, refundId: string, reason: string) {
  const [row] = await tx
    .update(refunds)
    .set({ status: "failed", failureReason: reason })
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId), eq(refunds.status, "pending")))
    .returning();
  if (row) await recordEvent(tx, { tenantId, id: row.orderId }, "refund_failed", null, null, null, { refundId, reason });
  return row ?? null;
}

export async function setProviderRefundId(tx: Tx, tenantId: string, refundId: string, providerRefundId: string) {
  await tx
    .update(refunds)
    .set({ providerRefundId })
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId), sql`${refunds.providerRefundId} is null`));
}

/**
 * The money has gone back: apply the refund to the order exactly once
 * (the refund moves pending → succeeded under a row lock; a second call finds
 * it succeeded and changes nothing). Full refund → refunded; partial → the
 * order resumes. Restock when asked; order.refunded to the outbox with the
 * amount spread over the lines and shipping.
 */
export async function applyRefundSucceeded(tx: Tx, tenantId: string, refundId: string, providerRefundId: string | null): Promise<boolean> {
  const refund = await lockRefund(tx, tenantId, refundId);
  if (refund.status !== "pending") return false;
  const order = await lockOrder(tx, tenantId, refund.orderId);
  if (refund.kind === "void") {
    await tx
      .update(refunds)
      .set({ status: "succeeded", completedAt: sql`now()`, providerRefundId: providerRefundId ?? refund.providerRefundId })
      .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId)));
    await recordEvent(tx, order, "payment_returned", order.status, order.status, null, { refundId, amountFen: refund.amountFen });
    return true;
  }
  const amount = refund.amountFen!;
  const max = refundableFen(order);
  if (amount > max) throw new AppError("BAD_REQUEST", "order.refundTooLarge", { maxFen: max, max: formatFen(max) });
  if (order.status !== "refund_requested") throw new AppError("CONFLICT", "order.illegalTransition", { from: order.status, event: "approve_refund" });
  await moneyBack(tx, order, refundId, amount, { type: "approve_refund", full: amount === max }, refund.decidedBy);
  if (refund.restock && refund.lines.length) await restock(tx, tenantId, order.id, refund.lines);
  await tx
    .update(refunds)
    .set({ status: "succeeded", completedAt: sql`now()`, providerRefundId: providerRefundId ?? refund.providerRefundId })
    .where(and(eq(refunds.tenantId, tenantId), eq(refunds.id, refundId)));
  return true;
}

/**
 * Money gone back to the buyer, applied to a locked order: the amount spread over the lines and shipping,
 * the order moved (full or partial) with its timeline entry, team sales lowered, and order.refunded to the
 * outbox, which reverses commission (pending, available, or into a negative balance after a payout).
 */
async function moneyBack(tx: Tx, order: OrderRow, refundId: string, amount: number, event: Extract<OrderEvent, { type: "approve_refund" | "refund_outside" }>, actorId: string | null, data: Record<string, unknown> = {}) {
  const tenantId = order.tenantId;
  const lines = await linesOf(tx, tenantId, order.id);
  const lineRefunded = lines.reduce((s, l) => s + l.refundedFen, 0);
  const shippingLeft = Math.max(0, order.shippingFen - (order.refundedFen - lineRefunded));
  const parts = allocateFen(amount, [...lines.map((l) => l.lineTotalFen - l.refundedFen), shippingLeft]);
  for (const [i, l] of lines.entries()) {
    if (parts[i]! > 0)
      await tx
        .update(orderLines)
        .set({ refundedFen: sql`${orderLines.refundedFen} + ${parts[i]!}` })
        .where(and(eq(orderLines.tenantId, tenantId), eq(orderLines.id, l.id)));
  }
  const refundedFen = order.refundedFen + amount;
  const next = await move(tx, order, event, actorId, { refundedFen }, { refundId, amountFen: amount, full: event.full, ...data });
  const linesFen = parts.slice(0, lines.length).reduce((a, b) => a + b, 0);
  if (linesFen > 0) await tx.execute(teamSalesEntry(tenantId, order.id, refundId, sql`${-linesFen}::bigint`));
  await writeOutbox(tx, next, "order.refunded", `order.refunded:${refundId}`, {
    orderId: order.id,
    orderNo: order.no,
    refundId,
    amountFen: amount,
    full: event.full,
    refundedFenTotal: refundedFen,
    lines: lines.map((l, i) => ({ lineId: l.id, amountFen: parts[i]! })).filter((x) => x.amountFen > 0),
    shippingFen: parts[lines.length]!,
  });
  return next;
}

export type OutsideRefund = { paymentId: string; providerRefundId: string; amountFen: number; at: Date; origin: "provider" | "dispute"; reason: string | null };

/**
 * A refund the provider made without the app asking (the Stripe Dashboard, the WeChat Pay merchant platform,
 * a lost dispute): recorded as a succeeded refund of the payment's order (origin provider/dispute, the
 * provider's amount and time) and applied as an in-app refund is, once per provider refund id (a replay, or a
 * refund the app already knows under that id, changes nothing). More than the order has left to refund is
 * capped at what is left (the rest was already refunded here); nothing left: nothing to do. A full refund
 * closes a request still waiting for the merchant. The audit log names the provider as the actor.
 */
export async function applyOutsideRefund(
  tx: Tx,
  tenantId: string,
  r: OutsideRefund,
): Promise<{ kind: "outside"; refundId: string; amountFen: number; full: boolean } | { kind: "ours"; refundId: string } | null> {
  const known = () =>
    tx
      .select({ id: refunds.id, status: refunds.status })
      .from(refunds)
      .where(and(eq(refunds.tenantId, tenantId), eq(refunds.providerRefundId, r.providerRefundId)))
      .then((rows) => rows[0]);
  // Ours, waiting for the provider (its metadata not in this event): it succeeded. Locked refund first, then its
  // order, as every path that completes a refund does.
  const mine = await known();
  if (mine) return mine.status === "pending" && (await applyRefundSucceeded(tx, tenantId, mine.id, r.providerRefundId)) ? { kind: "ours", refundId: mine.id } : null;
  const [payment] = await tx
    .select({ id: payments.id, orderId: payments.orderId, provider: payments.provider, status: payments.status })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.id, r.paymentId)));
  if (!payment || payment.status !== "succeeded") return null;
  const order = await lockOrder(tx, tenantId, payment.orderId);
  // A concurrent delivery of the same refund waited on the order lock: it finds the first one's row.
  if (await known()) return null;
  const max = refundableFen(order);
  const amount = Math.min(r.amountFen, max);
  if (!Number.isSafeInteger(amount) || amount <= 0 || !canTransition(stateOf(order), { type: "refund_outside", full: amount === max })) return null;
  const full = amount === max;
  const [row] = await tx
    .insert(refunds)
    .values({
      tenantId,
      orderId: order.id,
      paymentId: payment.id,
      kind: "refund",
      origin: r.origin,
      reason: (r.reason ?? (r.origin === "dispute" ? "dispute_lost" : "refunded_outside_app")).slice(0, 200),
      status: "succeeded",
      requestedFen: amount,
      amountFen: amount,
      providerRefundId: r.providerRefundId,
      decidedAt: r.at,
      completedAt: r.at,
    })
    .returning({ id: refunds.id });
  const refundId = row!.id;
  await moneyBack(tx, order, refundId, amount, { type: "refund_outside", full }, null, {
    origin: r.origin,
    provider: payment.provider,
    providerRefundId: r.providerRefundId,
    at: r.at.toISOString(),
    ...(amount < r.amountFen ? { providerAmountFen: r.amountFen } : {}),
  });
  if (full) {
    // A request still waiting for the merchant has nothing left to refund.
    await tx
      .update(refunds)
      .set({ status: "refused", refusalReason: "refunded_outside_app", decidedAt: sql`now()` })
      .where(and(eq(refunds.tenantId, tenantId), eq(refunds.orderId, order.id), inArray(refunds.status, ["requested", "failed"])));
  }
  await writeAudit(tx, {
    tenantId,
    actorUserId: null,
    action: r.origin === "dispute" ? "order.dispute_lost_refund" : "order.refunded_outside_app",
    target: `order:${order.id}`,
    after: { refundId, provider: payment.provider, providerRefundId: r.providerRefundId, amountFen: amount, full, at: r.at.toISOString() },
  });
  return { kind: "outside", refundId, amountFen: amount, full };
}

/* ------------------------------------------------------------------ reads */

export type OrderFilter = {
  status?: OrderRow["status"] | "after_sale" | null;
  from?: Date | null;
  to?: Date | null;
  /** Order number, buyer name, or recipient name/phone. */
  q?: string | null;
  refCode?: string | null;
  limit?: number;
  offset?: number;
  /** Staff who may not see shoppers' personal data (viewer): addresses come masked and phone digits are not searchable (PRODUCT.md §8.2). */
  maskPii?: boolean;
};

export async function listOrders(tx: Tx, tenantId: string, f: OrderFilter, buyerId?: string) {
  const conds: SQL[] = [eq(orders.tenantId, tenantId)];
  if (buyerId) conds.push(eq(orders.buyerId, buyerId));
  if (f.status === "after_sale") conds.push(eq(orders.status, "refund_requested"));
  else if (f.status) conds.push(eq(orders.status, f.status));
  if (f.from) conds.push(gte(orders.createdAt, f.from));
  if (f.to) conds.push(lt(orders.createdAt, f.to));
  if (f.refCode) conds.push(eq(orders.refCode, f.refCode));
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(
      or(
        ilike(orders.no, like),
        ilike(orders.buyerName, like),
        sql`${orders.address}->>'name' ilike ${like}`,
        ...(f.maskPii ? [] : [sql`${orders.address}->>'phone' ilike ${like}`]),
      )!,
    );
  }
  const rows = await tx
    .select()
    .from(orders)
    .where(and(...conds))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(f.limit ?? 20)
    .offset(f.offset ?? 0);
  const [{ total }] = (await tx
    .select({ total: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(...conds))) as [{ total: number }];
  const ids = rows.map((r) => r.id);
  const lines = ids.length
    ? await tx.select().from(orderLines).where(and(eq(orderLines.tenantId, tenantId), inArray(orderLines.orderId, ids)))
    : [];
  const names = buyerId ? new Map() : await distributorNames(tx, tenantId, rows.flatMap((r) => (r.attributedTo ? [r.attributedTo] : [])));
  return {
    total,
    orders: rows.map((o) => ({
      ...(f.maskPii ? { ...o, address: maskAddress(o.address) } : o),
      lines: lines.filter((l) => l.orderId === o.id),
      attributedName: o.attributedTo ? ((names.get(o.attributedTo) as { name: string } | undefined)?.name ?? null) : null,
    })),
  };
}

export async function orderDetail(tx: Tx, tenantId: string, orderId: string, buyerId?: string, opts: { maskPii?: boolean } = {}) {
  if (!isUuid(orderId)) throw notFound();
  const conds = [eq(orders.tenantId, tenantId), eq(orders.id, orderId)];
  if (buyerId) conds.push(eq(orders.buyerId, buyerId));
  const [order] = await tx.select().from(orders).where(and(...conds));
  if (!order) throw notFound();
  const [lines, events, pays, refs, settings] = [
    await linesOf(tx, tenantId, orderId),
    await tx.select().from(orderEvents).where(and(eq(orderEvents.tenantId, tenantId), eq(orderEvents.orderId, orderId))).orderBy(asc(orderEvents.createdAt)),
    await tx.select().from(payments).where(and(eq(payments.tenantId, tenantId), eq(payments.orderId, orderId))).orderBy(asc(payments.createdAt)),
    await tx.select().from(refunds).where(and(eq(refunds.tenantId, tenantId), eq(refunds.orderId, orderId))).orderBy(asc(refunds.createdAt)),
    await getStoreSettings(tx, tenantId),
  ];
  const attributedTo = order.attributedTo ? (await distributorNames(tx, tenantId, [order.attributedTo])).get(order.attributedTo) ?? null : null;
  const returnClosesAt =
    order.status === "received" && order.receivedAt ? new Date(order.receivedAt.getTime() + settings.returnWindowDays * 86_400_000) : null;
  const withinWindow = order.status !== "received" || (returnClosesAt !== null && returnClosesAt.getTime() > Date.now());
  const canRequestReturn = ["paid", "shipped", "received"].includes(order.status) && withinWindow && refundableFen(order) > 0;
  return {
    order: opts.maskPii ? { ...order, address: maskAddress(order.address) } : order,
    lines,
    // A card dispute is between the shop and the card holder's bank: its entries are staff's, not the shopper's page's.
    events: buyerId ? events.filter((e) => !e.type.startsWith("dispute_")) : events,
    payments: pays,
    refunds: refs,
    returnWindowDays: settings.returnWindowDays,
    returnClosesAt,
    refundableFen: refundableFen(order),
    canRequestReturn,
    /** The distributor the order is attributed to (order.attribution says why). */
    attributedTo,
  };
}

/** Name and share code of the given distributors (who orders are attributed to). */
export async function distributorNames(tx: Tx, tenantId: string, userIds: string[]): Promise<Map<string, { name: string; code: string | null }>> {
  if (!userIds.length) return new Map();
  const rows = rowsOf<{ id: string; name: string; code: string | null }>(
    await tx.execute(sql`
      select u.id, u.name, d.code from users u
        left join distributors d on d.tenant_id = ${tenantId} and d.user_id = u.id
       where u.id = any(${`{${[...new Set(userIds)].join(",")}}`}::uuid[])`),
  );
  return new Map(rows.map((r) => [r.id, { name: r.name, code: r.code }]));
}
export type OrderDetail = Awaited<ReturnType<typeof orderDetail>>;

/** Saved address → snapshot for an order (the buyer's own address only). */
export async function addressSnapshot(tx: Tx, tenantId: string, userId: string, addressId: string): Promise<AddressSnapshot> {
  if (!isUuid(addressId)) throw new AppError("NOT_FOUND", "address.notFound", {}, "addressId");
  const [a] = await tx
    .select()
    .from(addresses)
    .where(and(eq(addresses.tenantId, tenantId), eq(addresses.userId, userId), eq(addresses.id, addressId)));
  if (!a) throw new AppError("NOT_FOUND", "address.notFound", {}, "addressId");
  return { name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail };
}

/**
 * Which distributor the order is attributed to and why (PRODUCT.md §4.2):
 * the buyer's direct referrer as captured; "link"/"qr" when the order's own
 * share code is that referrer's, else "binding" (an earlier link, or the
 * tenant's binding rule kept another referrer).
 */
async function attributeOrder(tx: Tx, tenantId: string, orderId: string, buyerId: string, refCode: string | null, via: "link" | "qr" | null) {
  await tx.execute(sql`
    update orders o
       set attributed_to = u.referrer_id,
           attribution = case when d.user_id is not null then ${via ?? "link"} else 'binding' end
      from order_uplines u
      left join distributors d on d.tenant_id = u.tenant_id and d.user_id = u.referrer_id and d.code = upper(${refCode ?? ""})
     where o.tenant_id = ${tenantId} and o.id = ${orderId}
       and u.tenant_id = ${tenantId} and u.order_id = ${orderId} and u.referrer_id is not null`);
}
