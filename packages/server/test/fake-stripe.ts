import http from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for api.stripe.com (Stripe is unreachable here): records
 * every request (headers and the form-encoded body, flattened to
 * `a[b][0]=v` keys) and answers the few endpoints we use with plausible
 * objects. `respond` overrides an answer for one test.
 */
export type SeenRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: Record<string, string> };
type Answer = { status: number; json: unknown };

export type FakeStripe = {
  url: string;
  seen: SeenRequest[];
  /** Next answer for a path prefix (once), e.g. respond("/v1/refunds", 200, {...}). */
  respond(pathPrefix: string, status: number, json: unknown): void;
  refundStatus: string;
  /** Refunds made so far (one per idempotency key, as Stripe does). */
  refunds: Record<string, unknown>[];
  /** Transfers made so far (one per idempotency key). */
  transfers: Record<string, unknown>[];
  /** Make the transfer, then drop the connection instead of answering, this many times. */
  dropTransferResponses: number;
  /** Make the refund, then drop the connection instead of answering, this many times (a timeout after Stripe processed it). */
  dropRefundResponses: number;
  account: { charges_enabled: boolean; payouts_enabled: boolean; details_submitted: boolean };
  /** The merchant refunds in the Stripe Dashboard: a refund without our metadata (listed by GET /v1/refunds like any other). */
  dashboardRefund(paymentIntent: string, amountFen: number): Record<string, unknown>;
  /** The buyer's bank opens a dispute on the payment (status needs_response until closed). */
  dispute(paymentIntent: string, amountFen: number, reason?: string): Record<string, unknown>;
  close(): Promise<void>;
};

export async function startFakeStripe(): Promise<FakeStripe> {
  const overrides: { prefix: string; answer: Answer }[] = [];
  let n = 0;
  const keyed = new Map<string, Record<string, unknown>>();
  const fake: FakeStripe = {
    url: "",
    seen: [],
    refundStatus: "succeeded",
    refunds: [],
    transfers: [],
    dropTransferResponses: 0,
    dropRefundResponses: 0,
    account: { charges_enabled: false, payouts_enabled: false, details_submitted: false },
    dashboardRefund(paymentIntent, amountFen) {
      const refund = {
        id: `re_dash${++n}_${Math.random().toString(36).slice(2, 8)}`,
        object: "refund",
        amount: amountFen,
        currency: "cny",
        payment_intent: paymentIntent,
        charge: `ch_of_${paymentIntent}`,
        created: Math.floor(Date.now() / 1000),
        reason: "requested_by_customer",
        status: "succeeded",
        metadata: {},
      };
      fake.refunds.push(refund);
      return refund;
    },
    dispute(paymentIntent, amountFen, reason = "fraudulent") {
      return {
        id: `dp_fake${++n}_${Math.random().toString(36).slice(2, 8)}`,
        object: "dispute",
        amount: amountFen,
        currency: "cny",
        charge: `ch_of_${paymentIntent}`,
        payment_intent: paymentIntent,
        created: Math.floor(Date.now() / 1000),
        reason,
        status: "needs_response",
        metadata: {},
      };
    },
    respond(prefix, status, json) {
      overrides.push({ prefix, answer: { status, json } });
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  function answer(req: SeenRequest): Answer {
    const i = overrides.findIndex((o) => req.path.startsWith(o.prefix));
    if (i >= 0) return overrides.splice(i, 1)[0]!.answer;
    const b = req.body;
    const now = Math.floor(Date.now() / 1000);
    n++;
    if (req.method === "POST" && req.path === "/v1/checkout/sessions") {
      const id = `cs_test_fake${n}_${Math.random().toString(36).slice(2, 10)}`;
      return {
        status: 200,
        json: {
          id,
          object: "checkout.session",
          mode: "payment",
          status: "open",
          payment_status: "unpaid",
          currency: b.currency,
          client_reference_id: b.client_reference_id ?? null,
          expires_at: Number(b.expires_at ?? now + 86_400),
          metadata: metadataOf(b, "metadata"),
          payment_intent: null,
          url: `https://checkout.stripe.com/c/pay/${id}`,
        },
      };
    }
    if (req.method === "GET" && req.path === "/v1/refunds") {
      const data = fake.refunds.filter((r) => !b.payment_intent || r.payment_intent === b.payment_intent);
      return { status: 200, json: { object: "list", data, has_more: false, url: "/v1/refunds" } };
    }
    if (req.method === "POST" && req.path === "/v1/refunds") {
      const key = String(req.headers["idempotency-key"] ?? "");
      const again = key ? keyed.get(key) : undefined;
      if (again) return { status: 200, json: again };
      const refund = {
        id: `re_fake${n}`,
        object: "refund",
        amount: Number(b.amount),
        currency: "cny",
        payment_intent: b.payment_intent,
        status: fake.refundStatus,
        failure_reason: fake.refundStatus === "failed" ? "expired_or_canceled_card" : null,
          metadata: metadataOf(b, "metadata"),
      };
      fake.refunds.push(refund);
      if (key) keyed.set(key, refund);
      return { status: 200, json: refund };
    }
    if (req.method === "POST" && req.path === "/v1/transfers") {
      const key = String(req.headers["idempotency-key"] ?? "");
      const again = key ? keyed.get(key) : undefined;
      if (again) return { status: 200, json: again };
      if (!b.destination?.startsWith("acct_") || !(Number(b.amount) > 0)) return { status: 400, json: { error: { type: "invalid_request_error", message: "No such destination" } } };
      const transfer = {
        id: `tr_fake${n}`,
        object: "transfer",
        amount: Number(b.amount),
        currency: b.currency,
        destination: b.destination,
        transfer_group: b.transfer_group ?? null,
        description: b.description ?? null,
        reversed: false,
        amount_reversed: 0,
        metadata: metadataOf(b, "metadata"),
        created: now,
      };
      fake.transfers.push(transfer);
      if (key) keyed.set(key, transfer);
      return { status: 200, json: transfer };
    }
    if (req.method === "GET" && req.path === "/v1/transfers") {
      const data = fake.transfers.filter((t) => !b.transfer_group || t.transfer_group === b.transfer_group);
      return { status: 200, json: { object: "list", data, has_more: false, url: "/v1/transfers" } };
    }
    if (req.method === "POST" && req.path === "/v1/accounts") {
      return {
        status: 200,
        json: { id: `acct_fake${n}`, object: "account", type: b.type, country: b.country, email: b.email ?? null, metadata: metadataOf(b, "metadata"), ...fake.account },
      };
    }
    if (req.method === "POST" && req.path === "/v1/account_links") {
      return { status: 200, json: { object: "account_link", created: now, expires_at: now + 300, url: `https://connect.stripe.com/setup/e/${b.account}/fake${n}` } };
    }
    const acct = /^\/v1\/accounts\/(acct_[A-Za-z0-9_]+)$/.exec(req.path);
    if (req.method === "GET" && acct) return { status: 200, json: { id: acct[1], object: "account", ...fake.account } };
    return { status: 404, json: { error: { type: "invalid_request_error", message: `fake Stripe has no ${req.method} ${req.path}` } } };
  }

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const url = new URL(req.url!, "http://fake");
      const body: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(req.method === "GET" ? url.search : raw)) body[k] = v;
      const seen: SeenRequest = { method: req.method!, path: url.pathname, headers: req.headers, body };
      fake.seen.push(seen);
      const a = answer(seen);
      if (req.method === "POST" && url.pathname === "/v1/transfers" && fake.dropTransferResponses > 0) {
        fake.dropTransferResponses--;
        res.destroy();
        return;
      }
      if (req.method === "POST" && url.pathname === "/v1/refunds" && fake.dropRefundResponses > 0) {
        fake.dropRefundResponses--;
        res.destroy();
        return;
      }
      res.writeHead(a.status, { "content-type": "application/json", "request-id": `req_fake${fake.seen.length}` });
      res.end(JSON.stringify(a.json));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

function metadataOf(body: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, "\\$&")}\\[([^\\]]+)\\]$`).exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}

/** A Stripe event as the webhook receives it (sign it with Stripe.webhooks.generateTestHeaderString); `account`: a connected account's. */
export function stripeEvent(type: string, object: Record<string, unknown>, account: string | null) {
  return {
    id: `evt_${randomUUID().replace(/-/g, "")}`,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    type,
    ...(account ? { account } : {}),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
}
