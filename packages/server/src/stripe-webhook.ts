import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { isUuid } from "../../core/src/errors";
import { type Db, type Tx } from "../../db/src/client";
import { withContext, withTenant } from "../../db/src/context";
import { sendRefund } from "../../db/src/flows/refunds";
import { drainSoon } from "../../db/src/flows/commissions";
import { applyPaymentEvent, type ApplyResult } from "../../db/src/queries/payments";
import { payments } from "../../db/src/schema";
import type { PaymentEvent, Providers } from "../../payments/src/types";
import { idOf } from "./stripe";
import { tenantIdFor } from "../../db/src/queries/tenants";
import { payoutCameBack } from "../../db/src/queries/withdrawals";
import { WebhookSignatureError } from "./webhook";

/**
 * POST /api/webhooks/stripe: Stripe events (the platform's own and, through a
 * Connect endpoint, those of the merchants' connected accounts) become
 * PaymentEvents and go through applyPaymentEvent, the one function that
 * changes orders for any provider. Idempotent by event id (webhook_events),
 * so a replayed or concurrently repeated delivery changes nothing.
 */


/**
 * Verifies the Stripe-Signature header (HMAC of the raw body, default
 * 300-second tolerance) and returns the event. `secrets` may list several
 * endpoint secrets separated by commas (the account endpoint and the Connect
 * endpoint each have their own).
 */
export function verifyStripeWebhook(secrets: string, raw: string, signature: string | null): Stripe.Event {
  if (!signature) throw new WebhookSignatureError("missing Stripe-Signature header");
  for (const secret of secrets.split(",").map((s) => s.trim()).filter(Boolean)) {
    try {
      return Stripe.webhooks.constructEvent(raw, signature, secret);
    } catch {
      // try the next secret
    }
  }
  throw new WebhookSignatureError("invalid signature");
}

/** What a Stripe event means to us, before its tenant is known. */
export type Mapped =
  | { kind: "ignore"; reason: string }
  | {
      kind: "event";
      event: PaymentEvent;
      /** metadata.tenant_id we put on sessions and payment intents (fallback when the event names no account). */
      tenantHint: string | null;
      /** metadata.payment_id of a payment intent: finds the session of a failed attempt. */
      paymentIdHint: string | null;
    };

const meta = (m: Stripe.Metadata | null | undefined, key: string): string | null => {
  const v = m?.[key];
  return typeof v === "string" && v ? v : null;
};

/** A payment event with the tenant and payment hints we put in the session's or intent's metadata. */
const hinted = (event: PaymentEvent, m: Stripe.Metadata | null | undefined): Mapped => ({
  kind: "event",
  event,
  tenantHint: meta(m, "tenant_id"),
  paymentIdHint: meta(m, "payment_id"),
});
const unhinted = (event: PaymentEvent): Mapped => ({ kind: "event", event, tenantHint: null, paymentIdHint: null });

export function mapStripeEvent(evt: Stripe.Event): Mapped {
  const base = { provider: "stripe" as const, eventId: evt.id };
  switch (evt.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const s = evt.data.object;
      // Delayed methods complete the session unpaid; async_payment_succeeded follows.
      if (s.payment_status !== "paid") return { kind: "ignore", reason: `session ${s.payment_status}` };
      return hinted({ ...base, type: "payment.succeeded", providerRef: s.id, paymentIntentId: idOf(s.payment_intent), amountFen: s.amount_total ?? 0 }, s.metadata);
    }
    case "checkout.session.async_payment_failed": {
      const s = evt.data.object;
      return hinted({ ...base, type: "payment.failed", providerRef: s.id, paymentIntentId: idOf(s.payment_intent), reason: "async_payment_failed" }, s.metadata);
    }
    case "checkout.session.expired": {
      const s = evt.data.object;
      return hinted({ ...base, type: "payment.expired", providerRef: s.id }, s.metadata);
    }
    case "payment_intent.payment_failed": {
      const pi = evt.data.object;
      const err = pi.last_payment_error;
      const reason = (err?.decline_code ?? err?.code ?? err?.message ?? "payment_failed").slice(0, 200);
      // providerRef is filled in from metadata.payment_id once the tenant is known.
      return hinted({ ...base, type: "payment.failed", providerRef: null, paymentIntentId: pi.id, reason }, pi.metadata);
    }
    case "charge.succeeded": {
      // Who paid, without saying who: the fingerprint of the card / WeChat Pay / Alipay account (anti-fraud, §4.10).
      const ch = evt.data.object;
      const pi = idOf(ch.payment_intent);
      const details = ch.payment_method_details as unknown as (Record<string, unknown> & { type?: string }) | null;
      const kind = details?.type;
      const fp = kind ? (details?.[kind] as { fingerprint?: unknown } | undefined)?.fingerprint : undefined;
      if (!pi || !kind || typeof fp !== "string" || !fp) return { kind: "ignore", reason: "charge without a method fingerprint" };
      // Our payment is found from the metadata hint or the intent once the tenant is known (findPayment).
      return hinted({ ...base, type: "payment.method", paymentIntentId: pi, paymentId: null, fingerprint: `${kind}:${fp}` }, ch.metadata);
    }
    case "charge.refunded": {
      // Confirms the refunds the charge lists (Stripe includes them only when
      // expanded; refund.created/updated below name each refund in every case).
      // A listed refund without our metadata was made outside the app (the Dashboard).
      const ch = evt.data.object;
      const done = (ch.refunds?.data ?? []).filter((r) => r.status === "succeeded");
      const outside = done.filter((r) => !meta(r.metadata, "refund_id"));
      const pi = idOf(ch.payment_intent);
      if (outside.length && pi) return unhinted(outsideRefunds(base, evt.created, pi, outside));
      return unhinted({ ...base, type: "refund.succeeded", refundIds: [], providerRefundIds: done.map((r) => r.id) });
    }
    case "refund.created":
    case "refund.updated":
    case "refund.failed": {
      const r = evt.data.object;
      const outcome = r.status === "succeeded" ? "refund.succeeded" : r.status === "failed" || r.status === "canceled" ? "refund.failed" : null;
      if (!outcome) return { kind: "ignore", reason: `refund ${r.status}` };
      const ours = meta(r.metadata, "refund_id");
      const pi = idOf(r.payment_intent);
      // Not asked for by the app: a refund made in the Dashboard (or by the API, outside the app) of one of our payments.
      if (!ours && outcome === "refund.succeeded" && pi) return unhinted(outsideRefunds(base, evt.created, pi, [r]));
      const attempt = Number(meta(r.metadata, "refund_attempt") ?? "1");
      return unhinted({
        ...base,
        type: outcome,
        refundIds: ours ? [ours] : [],
        providerRefundIds: [r.id],
        reason: r.failure_reason ?? r.status ?? undefined,
        attempt: Number.isSafeInteger(attempt) && attempt > 0 ? attempt : 1,
      });
    }
    case "charge.dispute.created": {
      const d = evt.data.object;
      const pi = idOf(d.payment_intent);
      if (!pi) return { kind: "ignore", reason: "dispute without a payment intent" };
      return unhinted({ ...base, type: "dispute.opened", paymentIntentId: pi, disputeId: d.id, amountFen: d.amount, reason: d.reason ?? "", at: new Date(d.created * 1000).toISOString() });
    }
    case "charge.dispute.closed": {
      const d = evt.data.object;
      const pi = idOf(d.payment_intent);
      if (!pi) return { kind: "ignore", reason: "dispute without a payment intent" };
      // won, or warning_closed (an inquiry that never became a chargeback): the money stayed; lost: it went back.
      const outcome = d.status === "lost" ? "lost" : d.status === "won" || d.status === "warning_closed" ? "won" : null;
      if (!outcome) return { kind: "ignore", reason: `dispute ${d.status}` };
      return unhinted({ ...base, type: "dispute.closed", paymentIntentId: pi, disputeId: d.id, amountFen: d.amount, outcome, at: new Date(evt.created * 1000).toISOString() });
    }
    case "account.updated": {
      const a = evt.data.object;
      return unhinted({
        ...base,
        type: "account.updated",
        accountId: a.id,
        chargesEnabled: !!a.charges_enabled,
        payoutsEnabled: !!a.payouts_enabled,
        detailsSubmitted: !!a.details_submitted,
      });
    }
    default:
      return { kind: "ignore", reason: `unhandled ${evt.type}` };
  }
}

/** Refunds made outside the app, as Stripe reports them (amount and time its own). */
function outsideRefunds(base: { provider: "stripe"; eventId: string }, eventCreated: number, paymentIntentId: string, refunds: Stripe.Refund[]): PaymentEvent {
  return {
    ...base,
    type: "refund.outside",
    paymentIntentId,
    paymentRef: null,
    refunds: refunds.map((r) => ({ providerRefundId: r.id, amountFen: r.amount, at: new Date((Number.isFinite(r.created) ? r.created : eventCreated) * 1000).toISOString(), reason: r.reason ?? null })),
  };
}

const tenantByAccount = (db: Db, accountId: string) => withContext(db, {}, (tx) => tenantIdFor(tx, "stripeAccount", accountId));

/** The Stripe payment of this tenant an event is about (RLS confines the lookup to the tenant). */
async function findPayment(tx: Tx, tenantId: string, m: Extract<Mapped, { kind: "event" }>) {
  const ev = m.event;
  const cond =
    ev.type === "payment.succeeded" || ev.type === "payment.expired" || (ev.type === "payment.failed" && ev.providerRef)
      ? eq(payments.providerRef, (ev as { providerRef: string }).providerRef)
      : m.paymentIdHint && isUuid(m.paymentIdHint)
        ? eq(payments.id, m.paymentIdHint)
        : (ev.type === "payment.failed" || ev.type === "payment.method") && ev.paymentIntentId
          ? eq(payments.paymentIntentId, ev.paymentIntentId)
          : null;
  if (!cond) return null;
  const [p] = await tx
    .select({ id: payments.id, providerRef: payments.providerRef })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.provider, "stripe"), cond));
  return p ?? null;
}

export type StripeWebhookResult =
  | { handled: false; reason: string }
  | { handled: true; type: PaymentEvent["type"]; tenantId: string; result: ApplyResult }
  | { handled: true; type: "payout.returned"; tenantId: string };

class NothingToDo extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * Applies a verified event. The tenant comes from the connected account
 * (event.account); for session and payment-intent events without one, from
 * the metadata we set, and then only if that tenant has the payment. Events
 * for unknown accounts or payments change nothing (not even webhook_events).
 * `followUp` is work for after the commit: returning money that an order
 * could not take (a second payment, or one after the order expired).
 */
export async function applyStripeEvent(db: Db, providers: Providers, evt: Stripe.Event): Promise<{ result: StripeWebhookResult; followUp?: () => Promise<unknown> }> {
  // A distributor's payout (a transfer from the platform's balance) reversed in full: the money is theirs to withdraw again.
  if (evt.type === "transfer.reversed" && !evt.account) {
    const t = evt.data.object as Stripe.Transfer;
    const tenant = meta(t.metadata, "tenant_id");
    const withdrawal = meta(t.metadata, "withdrawal_id");
    if (!tenant || !withdrawal || !isUuid(tenant) || !isUuid(withdrawal)) return { result: { handled: false, reason: "not a payout" } };
    if ((t.amount_reversed ?? 0) < t.amount) return { result: { handled: false, reason: "partial reversal" } };
    const back = await withTenant(db, tenant, (tx) => payoutCameBack(tx, tenant, withdrawal, t.id, "reversed"));
    return { result: back ? { handled: true, type: "payout.returned", tenantId: tenant } : { handled: false, reason: "payout not paid by this transfer" } };
  }
  const mapped = mapStripeEvent(evt);
  if (mapped.kind === "ignore") return { result: { handled: false, reason: mapped.reason } };

  const accountId = evt.account ?? (mapped.event.type === "account.updated" ? mapped.event.accountId : null);
  let tenantId = accountId ? await tenantByAccount(db, accountId) : null;
  // Metadata names the tenant only for events that name no account: an unknown account is not ours.
  if (!tenantId && !accountId && mapped.tenantHint && isUuid(mapped.tenantHint)) tenantId = mapped.tenantHint;
  if (!tenantId) return { result: { handled: false, reason: accountId ? "unknown account" : "no tenant" } };
  const tid = tenantId;

  let result: ApplyResult;
  try {
    result = await withTenant(db, tid, async (tx) => {
      let event = mapped.event;
      // Refunds, disputes and accounts name what they are about themselves (applyPaymentEvent finds it).
      if (event.type === "payment.succeeded" || event.type === "payment.failed" || event.type === "payment.expired" || event.type === "payment.method") {
        const payment = await findPayment(tx, tid, mapped);
        if (!payment) throw new NothingToDo("unknown payment");
        if (event.type === "payment.failed" && !event.providerRef) event = { ...event, providerRef: payment.providerRef };
        if (event.type === "payment.method") event = { ...event, paymentId: payment.id };
      }
      const r = await applyPaymentEvent(tx, tid, event);
      // Keep no trace of an event that was not ours to apply.
      if (!r.applied && r.reason === "unknown_payment") throw new NothingToDo("unknown payment");
      return r;
    });
  } catch (e) {
    if (e instanceof NothingToDo) return { result: { handled: false, reason: e.reason } };
    throw e;
  }

  const out: { result: StripeWebhookResult; followUp?: () => Promise<unknown> } = {
    result: { handled: true, type: mapped.event.type, tenantId: tid, result },
  };
  if (result.applied) {
    const refundId = result.effect === "voided" ? result.voidRefundId : null;
    // After the commit: return money the order could not take; turn the
    // outbox events this change wrote into commissions (the job retries both).
    out.followUp = async () => {
      if (refundId) await sendRefund(db, providers, tid, refundId);
      await drainSoon(db, tid);
    };
  }
  return out;
}

/**
 * The whole webhook, framework-free: verify, apply, answer. A bad signature
 * is a 400 before anything is read from or written to the database; a
 * database failure is a 500, so Stripe delivers the event again.
 */
export async function handleStripeWebhook(
  deps: { db: Db; providers: Providers; secret: string | undefined },
  raw: string,
  signature: string | null,
): Promise<{ status: number; body: Record<string, unknown>; followUp?: () => Promise<unknown> }> {
  if (!deps.secret) return { status: 503, body: { error: "STRIPE_WEBHOOK_SECRET is not set" } };
  let evt: Stripe.Event;
  try {
    evt = verifyStripeWebhook(deps.secret, raw, signature);
  } catch (e) {
    if (e instanceof WebhookSignatureError) return { status: 400, body: { error: "invalid signature" } };
    throw e;
  }
  try {
    const { result, followUp } = await applyStripeEvent(deps.db, deps.providers, evt);
    return { status: 200, body: { received: true, result }, followUp };
  } catch (e) {
    console.error(`[stripe webhook] ${evt.type} ${evt.id} failed`, e);
    return { status: 500, body: { error: "processing failed" } };
  }
}
