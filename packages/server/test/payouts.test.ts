import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { rowsOf, type Database, type Db } from "../../db/src/client";
import { withContext, withTenant } from "../../db/src/context";
import { runPayouts, sendPayout, type PayoutDeps } from "../../db/src/flows/payouts";
import { verifyAllLedgers } from "../../db/src/flows/ledger-verify";
import { distributorBalances, postTransfer } from "../../db/src/queries/ledger";
import { approveWithdrawal, payeesOf, requestWithdrawal, saveTaxProfile, setStripePayee } from "../../db/src/queries/withdrawals";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { bonusPaid, maskName, maskResidentId, withholding } from "../../ledger/src";
import { payoutBillNo } from "../../payments/src/payouts";
import { createStripePayoutProvider, createWechatPayoutProvider } from "../src/payouts";
import { decryptSecret, encryptSecret } from "../src/secrets";
import { stripeClient } from "../src/stripe";
import { wechatPayClient } from "../src/wechatpay";
import { merchantsFrom, saveWechatPay } from "../src/wechatpay-merchants";
import { handleWechatPayNotification } from "../src/wechatpay-webhook";
import { handleStripeWebhook } from "../src/stripe-webhook";
import Stripe from "stripe";
import { startFakeStripe, type FakeStripe } from "./fake-stripe";
import { merchantKeys, startFakeWechatPay, type FakeWechatPay } from "./fake-wechatpay";

/**
 * Payouts (issue 14, PRODUCT.md §5.5) against the local fake WeChat Pay and
 * fake Stripe: real withdrawals and ledger in PGlite (PostgreSQL with
 * DATABASE_URL), the real providers, signatures checked on both sides.
 */
process.env.SECRETS_KEY ??= "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const MCHID = "1900000001";
const APPID = "wx1234567890abcdef";
const SERIAL = "3775B6A45ACD588826D15E583A95F5DD0000000A";
const APIV3 = "v3KeyOfTheTeaShop0123456789abcde";
const keys = merchantKeys();
const OPENID = "o-distributor-payout-openid";

let d: Database;
let db: Db;
let wx: FakeWechatPay;
let stripe: FakeStripe;
let env: Record<string, string>;
let teaId: string;
let ownerId: string;
let userId: string;
let deps: PayoutDeps;

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
const withdrawal = async (id: string) =>
  (
    await truth<{ status: string; tax_fen: number | null; net_fen: number | null; payout_state: string | null; payout_package: string | null; payout_error: string | null; payout_attempt: number; reference: string | null }>(
      sql`select status, tax_fen::int, net_fen::int, payout_state, payout_package, payout_error, payout_attempt, reference from withdrawals where id = ${id}`,
    )
  )[0]!;
const balances = () => withTenant(db, teaId, (tx) => distributorBalances(tx, teaId, userId));
const earn = (fen: number) => withTenant(db, teaId, (tx) => postTransfer(tx, teaId, `test:bonus:${randomUUID()}`, bonusPaid(userId, fen)));
const request = (amountFen: number, method: "wechat" | "stripe") =>
  withContext(db, { tenantId: teaId, userId }, async (tx) => {
    const p = await payeesOf(tx, teaId, userId);
    const payout = method === "wechat" ? { method, payee: p.wechat!.openid, payeeAppId: p.wechat!.appId } : { method, payee: p.stripe!.accountId, payeeAppId: null };
    return requestWithdrawal(tx, teaId, userId, { amountFen, idempotencyKey: randomUUID(), payout });
  });
const notify = (resource: Record<string, unknown>) => {
  const n = wx.notification("MCHTRANSFER.BILL.FINISHED", resource);
  const h = { timestamp: n.headers["wechatpay-timestamp"]!, nonce: n.headers["wechatpay-nonce"]!, signature: n.headers["wechatpay-signature"]!, serial: n.headers["wechatpay-serial"]! };
  return handleWechatPayNotification({ db, providers: {}, client: wechatPayClient(env), merchants: merchantsFrom(db, env) }, teaId, h, n.body);
};

beforeAll(async () => {
  wx = await startFakeWechatPay({ mchid: MCHID, serialNo: SERIAL, publicKeyPem: keys.publicKeyPem, apiV3Key: APIV3 });
  stripe = await startFakeStripe();
  env = { WECHATPAY_API_BASE: wx.url, WECHATPAY_NOTIFY_BASE: "https://mall.example.com", STRIPE_SECRET_KEY: "sk_test_fake", STRIPE_API_BASE: stripe.url };
  d = await createTestDatabase();
  db = d.db;
  const seed = await seedDemo(db);
  teaId = seed.teaId;
  ownerId = seed.ownerId;
  // An active distributor of the tea shop with a clean record and no money story of their own in the seed.
  const [clean] = await truth<{ user_id: string }>(sql`
    select d.user_id from distributors d
     where d.tenant_id = ${teaId} and d.status = 'active'
       and not exists (select 1 from distribution_flags f where f.tenant_id = d.tenant_id and f.user_id = d.user_id)
       and not exists (select 1 from tax_profiles p where p.tenant_id = d.tenant_id and p.user_id = d.user_id)
     order by d.code limit 1`);
  userId = clean!.user_id;
  await withTenant(
    db,
    teaId,
    (tx) => saveWechatPay(tx, teaId, ownerId, { mode: "direct", mchid: MCHID, appid: APPID, serialNo: SERIAL, privateKey: keys.privateKeyPem, apiV3Key: APIV3, platformKeyId: "", platformPublicKey: "" }),
    ownerId,
  );
  await withContext(db, { tenantId: teaId, userId }, async (tx) => {
    await tx.execute(sql`insert into miniprogram_identities (tenant_id, app_id, openid, user_id) values (${teaId}, ${APPID}, ${OPENID}, ${userId})`);
    await saveTaxProfile(tx, teaId, userId, { realNameEnc: encryptSecret("王小明"), idNumberEnc: encryptSecret("110105199003070017"), nameMasked: maskName("王小明"), idMasked: maskResidentId("110105199003070017") });
  });
  await withTenant(db, teaId, (tx) => setStripePayee(tx, teaId, userId, "acct_fakeDistributor1", true));
  deps = {
    db,
    providers: { wechat: createWechatPayoutProvider(wechatPayClient(env), merchantsFrom(db, env), env), stripe: createStripePayoutProvider(stripeClient(env)) },
    decryptName: decryptSecret,
  };
});
afterAll(async () => {
  await d?.close();
  await wx?.close();
  await stripe?.close();
});

describe("WeChat Pay merchant transfer", () => {
  it("sends the net to the distributor's openid, waits for their confirmation, and pays out once on the notification", async () => {
    await earn(30_000);
    const before = await balances();
    const w = await request(20_000, "wechat");
    expect(w.status).toBe("approved"); // below the ¥500 automatic limit
    expect(await sendPayout(deps, teaId, w.id)).toBe("paying");
    const bill = wx.bills.get(payoutBillNo(w.id, 1))!;
    const row = await withdrawal(w.id);
    expect(bill).toMatchObject({ openid: OPENID, appid: APPID, transfer_amount: row.net_fen, transfer_scene_id: "1005", state: "WAIT_USER_CONFIRM" });
    expect(row).toMatchObject({ status: "paying", payout_state: "WAIT_USER_CONFIRM", payout_package: bill.package_info });
    expect(row.net_fen! + row.tax_fen!).toBe(20_000);
    // Sent again (a second server, a retried job): the same bill, no second transfer.
    expect(await sendPayout(deps, teaId, w.id)).toBe("paying");
    expect([...wx.bills.values()].filter((b) => b.out_bill_no.startsWith(payoutBillNo(w.id, 1)))).toHaveLength(1);

    wx.confirmBill(bill.out_bill_no);
    const first = await notify(wx.billResource(bill));
    expect(first.status).toBe(200);
    expect(first.result).toMatchObject({ handled: true, outcome: "paid" });
    const paid = await withdrawal(w.id);
    expect(paid).toMatchObject({ status: "paid", payout_state: "SUCCESS", reference: bill.transfer_bill_no });
    const after = await balances();
    expect(after.availableFen).toBe(before.availableFen - 20_000);
    expect(after.paidOutFen - before.paidOutFen).toBe(paid.net_fen);
    // The same notification again: nothing more.
    expect((await notify(wx.billResource(bill))).result).toMatchObject({ handled: false });
    expect((await balances()).paidOutFen).toBe(after.paidOutFen);
  });

  it("a lost answer is resolved by querying the bill, never by a second transfer", async () => {
    await earn(10_000);
    const w = await request(10_000, "wechat");
    const bills = wx.bills.size;
    wx.dropTransferResponses = 1;
    expect(await sendPayout(deps, teaId, w.id)).toBe("paying");
    expect(wx.bills.size).toBe(bills + 1);
    expect(await withdrawal(w.id)).toMatchObject({ status: "paying", payout_state: "WAIT_USER_CONFIRM" });
  });

  it("a transfer nobody confirmed expires: the job finds it cancelled and the money is available again", async () => {
    await earn(8_000);
    const w = await request(8_000, "wechat");
    await sendPayout(deps, teaId, w.id);
    const available = (await balances()).availableFen;
    wx.expireBill(payoutBillNo(w.id, 1));
    await db.execute(sql`update withdrawals set updated_at = now() - interval '2 minutes' where id = ${w.id}`);
    const run = await runPayouts(deps);
    expect(run.failed).toBeGreaterThanOrEqual(1);
    expect(await withdrawal(w.id)).toMatchObject({ status: "failed", payout_state: "CANCELLED", payout_error: "TRANSFER_TIMEOUT" });
    expect((await balances()).availableFen).toBe(available + 8_000);
  });

  it("a refusal WeChat states (merchant balance short) fails the payout and returns the money", async () => {
    await earn(6_000);
    const w = await request(6_000, "wechat");
    const available = (await balances()).availableFen;
    wx.refuseTransfers = { status: 403, code: "NOT_ENOUGH", message: "商户运营账户资金不足" };
    try {
      expect(await sendPayout(deps, teaId, w.id)).toBe("failed");
    } finally {
      wx.refuseTransfers = null;
    }
    const row = await withdrawal(w.id);
    expect(row.status).toBe("failed");
    expect(row.payout_error).toContain("商户运营账户资金不足");
    expect((await balances()).availableFen).toBe(available + 6_000);
  });

  it("from ¥2,000 the payee's real name goes encrypted with the platform key, as WeChat requires", async () => {
    await earn(300_000);
    const w = await request(300_000, "wechat");
    expect(w.status).toBe("reviewing"); // above the automatic limit
    expect(await sendPayout(deps, teaId, w.id)).toBe("skipped");
    await withTenant(db, teaId, (tx) => approveWithdrawal(tx, teaId, ownerId, w.id), ownerId);
    expect(await sendPayout(deps, teaId, w.id)).toBe("paying");
    const bill = wx.bills.get(payoutBillNo(w.id, 1))!;
    expect(bill.user_name).toBe("王小明");
    // The month's earlier payouts (paid, or sent and not yet confirmed) count: the tax is the month's so far less what they withheld.
    const month = await truth<{ paid: number; withheld: number }>(
      sql`select coalesce(sum(amount_fen), 0)::int as paid, coalesce(sum(tax_fen), 0)::int as withheld from withdrawals where user_id = ${userId} and tenant_id = ${teaId} and status in ('paid', 'paying') and id <> ${w.id}`,
    );
    expect((await withdrawal(w.id)).tax_fen).toBe(withholding({ payoutFen: 300_000, monthPaidBeforeFen: month[0]!.paid, monthWithheldBeforeFen: month[0]!.withheld }).taxFen);
  });

  it("a notification of another merchant, or a bill that is not ours, changes nothing", async () => {
    const other = await notify({ out_bill_no: "plfk2020042013", transfer_bill_no: "1", state: "SUCCESS", mch_id: MCHID });
    expect(other.result).toMatchObject({ handled: false });
    const foreign = await notify({ out_bill_no: payoutBillNo(randomUUID(), 1), state: "SUCCESS", mch_id: "1900009999" });
    expect(foreign.status).toBe(400);
  });
});

describe("Stripe Connect transfer", () => {
  it("transfers the net to the distributor's connected account once, even when the answer is lost", async () => {
    await earn(12_000);
    const before = await balances();
    const w = await request(12_000, "stripe");
    stripe.dropTransferResponses = 1;
    expect(await sendPayout(deps, teaId, w.id)).toBe("paid");
    const mine = stripe.transfers.filter((t) => t.transfer_group === payoutBillNo(w.id, 1));
    expect(mine).toHaveLength(1);
    const row = await withdrawal(w.id);
    expect(mine[0]).toMatchObject({ destination: "acct_fakeDistributor1", amount: row.net_fen, currency: "cny" });
    expect(row).toMatchObject({ status: "paid", reference: mine[0]!.id });
    expect((await balances()).paidOutFen - before.paidOutFen).toBe(row.net_fen);
    expect(await sendPayout(deps, teaId, w.id)).toBe("skipped");

    // Stripe reverses the transfer in full: transfer.reversed puts the gross back in available, once.
    const secret = "whsec_payouts_test";
    const reversedEvent = (id: string) => {
      const payload = JSON.stringify({
        id,
        object: "event",
        type: "transfer.reversed",
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        pending_webhooks: 1,
        request: null,
        data: { object: { ...mine[0], reversed: true, amount_reversed: mine[0]!.amount } },
      });
      return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) };
    };
    const paidBack = await balances();
    const first = reversedEvent("evt_reversed_1");
    const r1 = await handleStripeWebhook({ db, providers: {}, secret }, first.payload, first.signature);
    expect(r1).toMatchObject({ status: 200, body: { result: { handled: true, type: "payout.returned", tenantId: teaId } } });
    expect(await withdrawal(w.id)).toMatchObject({ status: "failed", payout_state: "reversed" });
    const after = await balances();
    expect(after.availableFen - paidBack.availableFen).toBe(12_000);
    expect(paidBack.paidOutFen - after.paidOutFen).toBe(row.net_fen);
    expect(paidBack.taxWithheldFen - after.taxWithheldFen).toBe(row.tax_fen);
    const again = reversedEvent("evt_reversed_2");
    expect((await handleStripeWebhook({ db, providers: {}, secret }, again.payload, again.signature)).body).toMatchObject({ result: { handled: false } });
    expect((await balances()).availableFen).toBe(after.availableFen);
  });
});

it("every payout above leaves the ledger balanced", async () => {
  const v = await verifyAllLedgers(db);
  expect(v.problems).toEqual([]);
});
