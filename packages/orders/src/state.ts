import { AppError } from "../../core/src/errors";

/**
 * The order lifecycle (PRODUCT.md §3.4) as one state machine:
 *
 *   created ─pay→ paid ─ship→ shipped ─confirm_receipt→ received ─complete→ completed
 *   created ─cancel|expire→ cancelled
 *   paid|shipped|received ─request_refund→ refund_requested
 *   refund_requested ─approve_refund(full)→ refunded
 *   refund_requested ─approve_refund(partial)|refuse_refund→ back to where it was
 *   paid|shipped|received|completed|refund_requested ─refund_outside(full)→ refunded
 *   paid|shipped|received|completed|refund_requested ─refund_outside(partial)→ where it was
 *
 * refund_outside is money the provider gave back without the app asking (a
 * Dashboard refund, a lost dispute): it happened, so it applies to any paid
 * order, a completed one included; an open request stays open.
 *
 * A refund request remembers the status it interrupted (`resumeTo`), so a
 * refused or partial refund lets the order continue its normal course.
 */
export const ORDER_STATUSES = ["created", "paid", "shipped", "received", "completed", "cancelled", "refund_requested", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
type Refundable = "paid" | "shipped" | "received";

export type OrderState = { status: Exclude<OrderStatus, "refund_requested"> } | { status: "refund_requested"; resumeTo: Refundable };

export type OrderEvent =
  | { type: "pay" }
  | { type: "ship" }
  | { type: "confirm_receipt" }
  | { type: "complete" }
  | { type: "cancel" }
  | { type: "expire" }
  | { type: "request_refund" }
  | { type: "approve_refund"; full: boolean }
  | { type: "refuse_refund" }
  | { type: "refund_outside"; full: boolean };

const REFUNDABLE = new Set<OrderStatus>(["paid", "shipped", "received"]);
const PAID = new Set<OrderStatus>(["paid", "shipped", "received", "completed", "refund_requested"]);

function illegal(from: OrderStatus, event: OrderEvent["type"]): never {
  throw new AppError("CONFLICT", "order.illegalTransition", { from, event });
}

/** The next state, or a CONFLICT AppError naming the refused transition. Pure. */
export function transition(state: OrderState, event: OrderEvent): OrderState {
  const s = state.status;
  switch (event.type) {
    case "pay":
      return s === "created" ? { status: "paid" } : illegal(s, event.type);
    case "ship":
      return s === "paid" ? { status: "shipped" } : illegal(s, event.type);
    case "confirm_receipt":
      return s === "shipped" ? { status: "received" } : illegal(s, event.type);
    case "complete":
      return s === "received" ? { status: "completed" } : illegal(s, event.type);
    case "cancel":
    case "expire":
      return s === "created" ? { status: "cancelled" } : illegal(s, event.type);
    case "request_refund":
      return REFUNDABLE.has(s) ? { status: "refund_requested", resumeTo: s as Refundable } : illegal(s, event.type);
    case "approve_refund":
      if (state.status !== "refund_requested") return illegal(s, event.type);
      return event.full ? { status: "refunded" } : { status: state.resumeTo };
    case "refuse_refund":
      return state.status === "refund_requested" ? { status: state.resumeTo } : illegal(s, event.type);
    case "refund_outside":
      if (!PAID.has(s)) return illegal(s, event.type);
      return event.full ? { status: "refunded" } : state;
  }
}

export function canTransition(state: OrderState, event: OrderEvent): boolean {
  try {
    transition(state, event);
    return true;
  } catch {
    return false;
  }
}
