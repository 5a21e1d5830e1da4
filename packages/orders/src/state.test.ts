import { describe, expect, it } from "vitest";
import { AppError } from "../../core/src/errors";
import { ORDER_STATUSES, canTransition, transition, type OrderEvent, type OrderState, type OrderStatus } from "./state";

const EVENTS: OrderEvent[] = [
  { type: "pay" },
  { type: "ship" },
  { type: "confirm_receipt" },
  { type: "complete" },
  { type: "cancel" },
  { type: "expire" },
  { type: "request_refund" },
  { type: "approve_refund", full: true },
  { type: "approve_refund", full: false },
  { type: "refuse_refund" },
  { type: "refund_outside", full: true },
  { type: "refund_outside", full: false },
];
const name = (e: OrderEvent) => (e.type === "approve_refund" || e.type === "refund_outside" ? `${e.type}(${e.full ? "full" : "partial"})` : e.type);
const stateOf = (status: OrderStatus): OrderState => (status === "refund_requested" ? { status, resumeTo: "shipped" } : { status });

/** Every legal move; everything else must be refused. */
const LEGAL: Record<string, OrderState> = {
  "created/pay": { status: "paid" },
  "created/cancel": { status: "cancelled" },
  "created/expire": { status: "cancelled" },
  "paid/ship": { status: "shipped" },
  "shipped/confirm_receipt": { status: "received" },
  "received/complete": { status: "completed" },
  "paid/request_refund": { status: "refund_requested", resumeTo: "paid" },
  "shipped/request_refund": { status: "refund_requested", resumeTo: "shipped" },
  "received/request_refund": { status: "refund_requested", resumeTo: "received" },
  "refund_requested/approve_refund(full)": { status: "refunded" },
  "refund_requested/approve_refund(partial)": { status: "shipped" },
  "refund_requested/refuse_refund": { status: "shipped" },
  // Money the provider gave back: any paid order, a completed one too; partial leaves it where it was.
  ...Object.fromEntries(
    (["paid", "shipped", "received", "completed", "refund_requested"] as const).flatMap((s) => [
      [`${s}/refund_outside(full)`, { status: "refunded" }],
      [`${s}/refund_outside(partial)`, stateOf(s)],
    ]),
  ),
};

describe("order state machine", () => {
  const cases = ORDER_STATUSES.flatMap((s) => EVENTS.map((e) => [s, e] as const));
  it.each(cases.map(([s, e]) => [`${s}/${name(e)}`, s, e] as const))("%s", (key, s, e) => {
    const expected = LEGAL[key];
    if (expected) {
      expect(transition(stateOf(s), e)).toEqual(expected);
    } else {
      let err: unknown;
      try {
        transition(stateOf(s), e);
      } catch (x) {
        err = x;
      }
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "CONFLICT", key: "order.illegalTransition", params: { from: s, event: e.type } });
      expect(canTransition(stateOf(s), e)).toBe(false);
    }
  });

  it("a refused refund resumes where the order was, so it can still complete", () => {
    let s: OrderState = { status: "received" };
    s = transition(s, { type: "request_refund" });
    s = transition(s, { type: "refuse_refund" });
    expect(transition(s, { type: "complete" })).toEqual({ status: "completed" });
  });

  it("terminal states accept nothing (a completed order only money the provider gave back)", () => {
    for (const status of ["cancelled", "refunded"] as const) {
      expect(EVENTS.filter((e) => canTransition({ status }, e))).toEqual([]);
    }
    expect(EVENTS.filter((e) => canTransition({ status: "completed" }, e)).map(name)).toEqual(["refund_outside(full)", "refund_outside(partial)"]);
  });

  it("an open request stays open through a partial refund made outside the app", () => {
    const s: OrderState = { status: "refund_requested", resumeTo: "received" };
    expect(transition(s, { type: "refund_outside", full: false })).toEqual(s);
  });
});
