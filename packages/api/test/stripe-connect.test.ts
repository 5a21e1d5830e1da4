import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { rowsOf, type Database } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { getSelf } from "../../db/src/queries/users";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import type { ConnectProvider, PaymentsRuntime } from "../../payments/src/types";
import { stripeClient, stripeRuntime } from "../../server/src/stripe";
import { createStripePayeeConnect } from "../../server/src/payouts";
import { startFakeStripe, type FakeStripe } from "../../server/test/fake-stripe";
import { createCaller } from "../src/root";
import { simulatorRuntime } from "../../payments/src/simulator";
import type { User } from "../src/trpc";

/**
 * Console → settings → payments: Connect Express onboarding through the
 * stripe router, with the real Stripe runtime talking to a local fake Stripe.
 */
let d: Database;
let fake: FakeStripe;
let stripe: PaymentsRuntime;
let teaId: string;
let freshId: string;
const users = {} as Record<"owner" | "viewer" | "agency", User>;

beforeAll(async () => {
  fake = await startFakeStripe();
  stripe = stripeRuntime({ STRIPE_SECRET_KEY: "sk_test_fake_connect", STRIPE_API_BASE: fake.url });
  d = await createTestDatabase();
  const seed = await seedDemo(d.db);
  teaId = seed.teaId;
  freshId = seed.freshId;
  const load = (id: string) => withContext(d.db, { userId: id }, (tx) => getSelf(tx)) as Promise<User>;
  const [viewer] = rowsOf<{ id: string }>(await d.db.execute(sql`select id::text as id from users where email = 'viewer@demo.local'`));
  users.owner = await load(seed.ownerId);
  users.viewer = await load(viewer!.id);
  users.agency = await load(seed.agencyUserId);
});
afterAll(async () => {
  await d.close();
  await fake.close();
});

const as = (user: User, tenantId: string, payments: PaymentsRuntime = stripe) =>
  createCaller({ db: d.db, user, locale: "zh-CN", activeTenantId: tenantId, payments });
const settingsOf = async (tenantId: string) =>
  rowsOf<{ stripe_account_id: string | null; stripe_charges_enabled: boolean; stripe_payouts_enabled: boolean; stripe_details_submitted: boolean }>(
    await d.db.execute(sql`select stripe_account_id, stripe_charges_enabled, stripe_payouts_enabled, stripe_details_submitted from store_settings where tenant_id = ${tenantId}`),
  )[0];
const origin = "http://localhost:3000";

describe("Stripe Connect onboarding (stripe router)", () => {
  it("without Stripe keys, status says the simulator is active and onboarding is refused", async () => {
    const caller = as(users.owner, teaId, simulatorRuntime());
    expect(await caller.stripe.status()).toMatchObject({ configured: false, provider: "simulator", accountId: null, ready: true, plan: "basic", feeBps: 300 });
    const e = await caller.stripe.startOnboarding({ origin }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).message).toBe("payment.stripeNotConfigured");
  });

  it("creates the connected account once, records and audits it, and returns an onboarding link back to the payments page", async () => {
    fake.seen.length = 0;
    const caller = as(users.owner, teaId);
    expect(await caller.stripe.status()).toMatchObject({ configured: true, provider: "stripe", accountId: null, ready: false, feeBps: 300 });

    const first = await caller.stripe.startOnboarding({ origin });
    expect(first.accountId).toMatch(/^acct_fake/);
    expect(first.url).toContain(first.accountId);
    const [create, link] = fake.seen;
    expect(create).toMatchObject({ method: "POST", path: "/v1/accounts", body: { type: "express", country: "HK", "metadata[tenant_id]": teaId, email: "owner@demo.local" } });
    expect(link).toMatchObject({
      path: "/v1/account_links",
      body: {
        account: first.accountId,
        type: "account_onboarding",
        return_url: `${origin}/console/settings/payments?onboarding=return`,
        refresh_url: `${origin}/console/settings/payments?onboarding=refresh`,
      },
    });
    expect((await settingsOf(teaId))!.stripe_account_id).toBe(first.accountId);
    const audit = rowsOf<{ target: string }>(await d.db.execute(sql`select target from audit_log where tenant_id = ${teaId} and action = 'store.stripe.connect'`));
    expect(audit).toEqual([{ target: first.accountId }]);

    // Continuing onboarding reuses the account: only a new link.
    fake.seen.length = 0;
    const again = await caller.stripe.startOnboarding({ origin });
    expect(again.accountId).toBe(first.accountId);
    expect(fake.seen.map((r) => r.path)).toEqual(["/v1/account_links"]);
  });

  it("refreshStatus stores what Stripe reports for the account", async () => {
    fake.account = { charges_enabled: true, payouts_enabled: false, details_submitted: true };
    const s = await as(users.owner, teaId).stripe.refreshStatus();
    expect(s).toMatchObject({ chargesEnabled: true, payoutsEnabled: false, detailsSubmitted: true, ready: true });
    expect(await settingsOf(teaId)).toMatchObject({ stripe_charges_enabled: true, stripe_payouts_enabled: false, stripe_details_submitted: true });
    expect(await as(users.viewer, teaId).stripe.status()).toMatchObject({ chargesEnabled: true, ready: true });
  });

  it("a viewer sees the status but cannot start onboarding or refresh", async () => {
    const viewer = as(users.viewer, teaId);
    for (const p of [viewer.stripe.startOnboarding({ origin }), viewer.stripe.refreshStatus()]) {
      const e = await p.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).code).toBe("FORBIDDEN");
    }
  });

  it("rejects an origin that is not an http(s) URL", async () => {
    const e = await as(users.owner, teaId).stripe.startOnboarding({ origin: "javascript:alert(1)" }).catch((x: unknown) => x);
    expect((e as TRPCError).code).toBe("BAD_REQUEST");
  });

  it("a Stripe failure is a clear error and leaves no account behind", async () => {
    const failing: ConnectProvider = {
      createAccount: () => Promise.reject(new Error("Stripe is down")),
      accountLink: () => Promise.reject(new Error("unreachable")),
      retrieveAccount: () => Promise.reject(new Error("unreachable")),
    };
    const errors: unknown[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a);
    try {
      const e = await as(users.agency, freshId, { ...stripe, connect: failing }).stripe.startOnboarding({ origin }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).message).toBe("payment.stripeUnavailable");
    } finally {
      console.error = orig;
    }
    expect(errors.length).toBeGreaterThan(0);
    expect((await settingsOf(freshId))?.stripe_account_id ?? null).toBeNull();
  });
});

describe("a distributor's own Stripe account for payouts (shop.withdrawals)", () => {
  it("is created once, onboarded with links back to this shop's 我的收入 only, and read back ready", async () => {
    const [dist] = rowsOf<{ id: string }>(await d.db.execute(sql`select user_id::text as id from distributors where tenant_id = ${teaId} and code = 'TEA0005'`));
    const user = (await withContext(d.db, { userId: dist!.id }, (tx) => getSelf(tx))) as User;
    const payouts = { providers: {}, connect: createStripePayeeConnect(stripeClient({ STRIPE_SECRET_KEY: "sk_test_fake_connect", STRIPE_API_BASE: fake.url }), { country: "HK" }), decryptName: (s: string) => s };
    const shopper = createCaller({ db: d.db, user, locale: "zh-CN", activeTenantId: null, payments: stripe, payouts });
    // Stripe would send them to whatever address the client named: only the shop's own base is taken.
    await expect(shopper.shop.withdrawals.connectStripe({ shop: "tea", base: "https://evil.example.com/s/tea" })).rejects.toThrow();
    const before = fake.seen.filter((r) => r.path === "/v1/accounts").length;
    const link = await shopper.shop.withdrawals.connectStripe({ shop: "tea", base: `${origin}/s/tea` });
    expect(link.url).toMatch(/^https:\/\/connect\.stripe\.com\//);
    const sent = fake.seen.filter((r) => r.path === "/v1/account_links").at(-1)!;
    expect(sent.body.return_url).toBe(`${origin}/s/tea/me/income?stripe=return`);
    expect(sent.body.refresh_url).toBe(`${origin}/s/tea/me/income?stripe=refresh`);
    await shopper.shop.withdrawals.connectStripe({ shop: "tea", base: `${origin}/s/tea` });
    expect(fake.seen.filter((r) => r.path === "/v1/accounts").length).toBe(before + 1); // the second tap reuses the account
    expect((await shopper.shop.withdrawals.overview({ shop: "tea" })).stripe).toMatchObject({ offered: true, ready: false });
    fake.account.payouts_enabled = true;
    try {
      expect(await shopper.shop.withdrawals.refreshStripe({ shop: "tea" })).toEqual({ ready: true });
    } finally {
      fake.account.payouts_enabled = false;
    }
    const [row] = rowsOf<{ stripe_account_id: string; stripe_payouts_enabled: boolean }>(
      await d.db.execute(sql`select stripe_account_id, stripe_payouts_enabled from distributors where tenant_id = ${teaId} and user_id = ${dist!.id}`),
    );
    expect(row).toMatchObject({ stripe_account_id: expect.stringMatching(/^acct_/), stripe_payouts_enabled: true });
  });
});
