/**
 * Withdrawals (PRODUCT.md §5.5, §5.7; the rules are pure, packages/ledger).
 * A request reserves its amount at once (available → withdrawing) under the
 * lock of the distributor's ledger accounts, so however many requests arrive
 * together, what they reserve never exceeds the balance; a retried tap (same
 * idempotency key) is the same request. Finance approves, refuses (the money
 * returns to available) or marks it paid with a reference; a payout
 * withholds the month's labour-remuneration tax in the shop's time zone.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import {
  DEFAULT_HOLD_RULES,
  DEFAULT_WITHDRAWAL_SETTINGS,
  holdRulesSchema,
  type HoldRules,
  distributor,
  overdue,
  payoutMade,
  payoutReturned,
  reviewRoute,
  withdrawalProblem,
  withdrawalReserved,
  withdrawalReturned,
  withdrawalSettingsSchema,
  withholding,
  bonusRulesSchema,
  addDays,
  keepOnReturnSchema,
  type KeepOnReturn,
  sourcesOf,
  type TransferKind,
  labourDeductionFen,
  localDate,
  nextBonusDay,
  type BonusRules,
  type WithdrawalSettings,
} from "../../../ledger/src";
import { rowsOf, type Tx } from "../client";
import { distributionSettings, distributors, taxProfiles, tenants, withdrawals, type WithdrawalStatus } from "../schema";
import { distributorBalances, lockAccounts, postTransfer } from "./ledger";
import { bonusRulesOf } from "../flows/bonus-day";

/** The shop's time zone: a payout's month is the shop's calendar month (§5.7). */
async function shopTimeZone(tx: Tx, tenantId: string) {
  const [t] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw new AppError("NOT_FOUND", "notFound");
  return t.timeZone;
}

/**
 * The payout was made (`sent_at`: recorded by hand, or sent to the provider) in the shop's calendar month of `at`
 * (a moment) or `month` (YYYY-MM): the tax month (§5.7), whenever the provider confirmed it.
 */
const paidInMonth = (timeZone: string, m: { at: Date } | { month: string }) =>
  "month" in m
    ? sql`to_char(coalesce(sent_at, paid_at) at time zone ${timeZone}, 'YYYY-MM') = ${m.month}`
    : sql`date_trunc('month', coalesce(sent_at, paid_at) at time zone ${timeZone}) = date_trunc('month', ${m.at.toISOString()}::timestamptz at time zone ${timeZone})`;

/** Confirmed violations (§4.10) from which withdrawal is restricted. */
export const RESTRICT_AFTER_CONFIRMED_FLAGS = 2;

export async function withdrawalSettingsOf(tx: Tx, tenantId: string): Promise<WithdrawalSettings> {
  const [row] = await tx.select({ w: distributionSettings.withdrawal }).from(distributionSettings).where(eq(distributionSettings.tenantId, tenantId));
  const parsed = withdrawalSettingsSchema.safeParse(row?.w ?? DEFAULT_WITHDRAWAL_SETTINGS);
  if (!parsed.success) throw new Error(`tenant ${tenantId}: withdrawal settings do not parse`);
  return parsed.data;
}

/** Why this distributor may not withdraw now, beyond the amount: not a distributor, suspended, or repeated confirmed violations. */
async function standing(tx: Tx, tenantId: string, userId: string) {
  const [d] = await tx.select({ status: distributors.status }).from(distributors).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  if (!d) throw new AppError("NOT_FOUND", "withdrawal.notDistributor");
  const [f] = rowsOf<{ open: number; confirmed: number }>(
    await tx.execute(sql`select count(*) filter (where status = 'open')::int as open, count(*) filter (where status = 'confirmed')::int as confirmed
                           from distribution_flags where tenant_id = ${tenantId} and user_id = ${userId}`),
  );
  const restricted = d.status === "suspended" || (f?.confirmed ?? 0) >= RESTRICT_AFTER_CONFIRMED_FLAGS;
  return { status: d.status, restricted, openFlags: f?.open ?? 0 };
}

export type TaxProfileInput = { realNameEnc: string; idNumberEnc: string; nameMasked: string; idMasked: string };

/** Saves (or replaces) the distributor's tax identity, already encrypted by the caller; consent is the moment of saving. */
export async function saveTaxProfile(tx: Tx, tenantId: string, userId: string, p: TaxProfileInput) {
  await standing(tx, tenantId, userId);
  await tx
    .insert(taxProfiles)
    .values({ tenantId, userId, ...p, consentAt: new Date() })
    .onConflictDoUpdate({ target: [taxProfiles.tenantId, taxProfiles.userId], set: { ...p, consentAt: new Date(), updatedAt: sql`now()` } });
}

/** The masked tax identity (never the encrypted fields), or null. */
export async function taxProfileOf(tx: Tx, tenantId: string, userId: string) {
  const [p] = await tx
    .select({ nameMasked: taxProfiles.nameMasked, idMasked: taxProfiles.idMasked, consentAt: taxProfiles.consentAt })
    .from(taxProfiles)
    .where(and(eq(taxProfiles.tenantId, tenantId), eq(taxProfiles.userId, userId)));
  return p ?? null;
}

export type WithdrawalRow = typeof withdrawals.$inferSelect;

/**
 * The distributor asks for `amountFen`. Locks their available and withdrawing
 * accounts first, then checks the balance it sees under that lock, writes the
 * request and its withdrawal_reserved transfer in this transaction. Reviewed
 * automatically (approved at once) below the shop's threshold for a clean
 * record, else queued for finance.
 */
export async function requestWithdrawal(
  tx: Tx,
  tenantId: string,
  userId: string,
  req: { amountFen: number; idempotencyKey: string; payout?: { method: "wechat" | "stripe"; payee: string; payeeAppId: string | null } | null },
): Promise<WithdrawalRow> {
  const sameKey = async () =>
    (await tx.select().from(withdrawals).where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.userId, userId), eq(withdrawals.idempotencyKey, req.idempotencyKey))))[0];
  // Everything the request is checked against before the lock, in one read: a request already made with this
  // key, the distributor's standing, the tax identity, the shop's rules and the balance as committed.
  const [pre] = rowsOf<{ again: boolean; status: string | null; open: number; confirmed: number; profile: boolean; settings: unknown; available: number | string | null }>(
    await tx.execute(sql`
      select exists (select 1 from withdrawals w where w.tenant_id = ${tenantId} and w.user_id = ${userId} and w.idempotency_key = ${req.idempotencyKey}) as again,
             d.status,
             (select count(*) from distribution_flags f where f.tenant_id = ${tenantId} and f.user_id = ${userId} and f.status = 'open')::int as open,
             (select count(*) from distribution_flags f where f.tenant_id = ${tenantId} and f.user_id = ${userId} and f.status = 'confirmed')::int as confirmed,
             exists (select 1 from tax_profiles p where p.tenant_id = ${tenantId} and p.user_id = ${userId}) as profile,
             (select s.withdrawal from distribution_settings s where s.tenant_id = ${tenantId}) as settings,
             (select a.balance_fen from ledger_accounts a where a.tenant_id = ${tenantId} and a.kind = 'distributor_available' and a.owner_id = ${userId}) as available
        from (select 1) one
        left join distributors d on d.tenant_id = ${tenantId} and d.user_id = ${userId}`),
  );
  if (pre?.again) return (await sameKey())!;
  if (!pre?.status) throw new AppError("NOT_FOUND", "withdrawal.notDistributor");
  const who = { restricted: pre.status === "suspended" || pre.confirmed >= RESTRICT_AFTER_CONFIRMED_FLAGS, openFlags: pre.open };
  if (!pre.profile) throw new AppError("CONFLICT", "withdrawal.taxProfileNeeded");
  const parsed = withdrawalSettingsSchema.safeParse(pre.settings ?? DEFAULT_WITHDRAWAL_SETTINGS);
  if (!parsed.success) throw new Error(`tenant ${tenantId}: withdrawal settings do not parse`);
  const settings = parsed.data;
  // What is plainly not there is refused before taking the lock (the balance as committed: never more than
  // is withdrawable under the lock), so a burst of requests on one balance queues only those that may pass.
  const seenFen = Number(pre.available ?? 0);
  const early = withdrawalProblem({ amountFen: req.amountFen, availableFen: seenFen, restricted: who.restricted }, settings);
  if (early) throw new AppError(early === "withdrawal.aboveAvailable" ? "CONFLICT" : "BAD_REQUEST", early, { minimum: settings.minimumFen / 100, available: Math.max(0, seenFen) / 100 }, "amount");
  await lockAccounts(tx, tenantId, [distributor("distributor_available", userId), distributor("distributor_withdrawing", userId)]);
  // The same tap sent twice at once: the second waited on the lock above while the first wrote its request.
  const raced = await sameKey();
  if (raced) return raced;
  const { availableFen } = await distributorBalances(tx, tenantId, userId);
  const problem = withdrawalProblem({ amountFen: req.amountFen, availableFen, restricted: who.restricted }, settings);
  if (problem) throw new AppError(problem === "withdrawal.aboveAvailable" ? "CONFLICT" : "BAD_REQUEST", problem, { minimum: settings.minimumFen / 100, available: Math.max(0, availableFen) / 100 }, "amount");
  const route = reviewRoute({ amountFen: req.amountFen, openFlags: who.openFlags, restricted: who.restricted }, settings);
  const [row] = await tx
    .insert(withdrawals)
    .values({
      tenantId,
      userId,
      amountFen: req.amountFen,
      idempotencyKey: req.idempotencyKey,
      review: route,
      status: route === "auto" ? "approved" : "reviewing",
      reviewedAt: route === "auto" ? new Date() : null,
      method: req.payout?.method ?? "manual",
      payee: req.payout?.payee ?? null,
      payeeAppId: req.payout?.payeeAppId ?? null,
    })
    .returning();
  await postTransfer(tx, tenantId, `withdrawal:${row!.id}:reserved`, withdrawalReserved(userId, req.amountFen), { withdrawalId: row!.id, createdBy: userId });
  return row!;
}

/** The distributor's own requests, newest first. */
export function myWithdrawals(tx: Tx, tenantId: string, userId: string, limit = 20) {
  return tx.select().from(withdrawals).where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.userId, userId))).orderBy(desc(withdrawals.createdAt)).limit(limit);
}

/** Finance's queue: requests by status (open ones first by age), with who asked, their masked tax identity and whether the 24-hour promise is at risk. */
export async function withdrawalQueue(tx: Tx, tenantId: string, f: { status?: WithdrawalStatus | null; id?: string; limit: number; offset: number }, now = new Date()) {
  const rows = rowsOf<WithdrawalRow & { name: string; code: string; nameMasked: string | null; idMasked: string | null }>(
    await tx.execute(sql`
      select w.id, w.user_id as "userId", w.amount_fen::int as "amountFen", w.status, w.review, w.method, w.tax_fen::int as "taxFen", w.net_fen::int as "netFen",
             w.payout_state as "payoutState", w.payout_error as "payoutError", w.payout_ref as "payoutRef", w.payout_attempt as "payoutAttempt", w.sent_at as "sentAt",
             w.reason, w.reference, w.reviewed_by as "reviewedBy", w.reviewed_at as "reviewedAt", w.paid_at as "paidAt", w.created_at as "createdAt",
             u.name, d.code, p.name_masked as "nameMasked", p.id_masked as "idMasked"
        from withdrawals w
        join distributors d on d.tenant_id = w.tenant_id and d.user_id = w.user_id
        join users u on u.id = w.user_id
        left join tax_profiles p on p.tenant_id = w.tenant_id and p.user_id = w.user_id
       where w.tenant_id = ${tenantId} ${f.status ? sql`and w.status = ${f.status}` : sql``} ${f.id ? sql`and w.id = ${f.id}` : sql``}
       order by (w.status in ('reviewing', 'approved', 'paying')) desc, case when w.status in ('reviewing', 'approved', 'paying') then w.created_at end asc, w.created_at desc
       limit ${f.limit} offset ${f.offset}`),
  );
  return rows.map((r) => ({ ...r, overdue: (r.status === "reviewing" || r.status === "approved" || r.status === "paying") && overdue(new Date(r.createdAt), now) }));
}

async function lockWithdrawal(tx: Tx, tenantId: string, id: string) {
  const [w] = rowsOf<{ id: string; user_id: string; amount_fen: number; status: WithdrawalStatus }>(
    await tx.execute(sql`select id, user_id, amount_fen::int as amount_fen, status from withdrawals where tenant_id = ${tenantId} and id = ${id} for update`),
  );
  if (!w) throw new AppError("NOT_FOUND", "withdrawal.notFound");
  return w;
}

/** Finance approves a request waiting for review. */
export async function approveWithdrawal(tx: Tx, tenantId: string, staffId: string, id: string) {
  const w = await lockWithdrawal(tx, tenantId, id);
  if (w.status === "approved") return;
  if (w.status !== "reviewing") throw new AppError("CONFLICT", "withdrawal.notOpen");
  await tx.update(withdrawals).set({ status: "approved", reviewedBy: staffId, reviewedAt: new Date(), updatedAt: sql`now()` }).where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id)));
}

/** Finance refuses an unpaid request with a reason: its reserved amount returns to available. */
export async function refuseWithdrawal(tx: Tx, tenantId: string, staffId: string, id: string, reason: string) {
  const w = await lockWithdrawal(tx, tenantId, id);
  if (w.status === "refused") return;
  if (w.status === "paying") throw new AppError("CONFLICT", "withdrawal.payoutInFlight");
  if (w.status !== "reviewing" && w.status !== "approved") throw new AppError("CONFLICT", "withdrawal.notOpen");
  await tx.update(withdrawals).set({ status: "refused", reason, reviewedBy: staffId, reviewedAt: new Date(), updatedAt: sql`now()` }).where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id)));
  await postTransfer(tx, tenantId, `withdrawal:${id}:returned`, withdrawalReturned(w.user_id, w.amount_fen), { withdrawalId: id, createdBy: staffId, memo: { reason } });
}

/**
 * Finance paid an approved request outside the app (bank transfer, cash) and
 * records it with a reference: the tax is this month's due so far minus what
 * the month's earlier payouts to the same person withheld; the net is paid
 * out. Accounts locked first, so two payouts to one person are taxed in turn.
 */
export async function markWithdrawalPaid(tx: Tx, tenantId: string, staffId: string, id: string, reference: string, now = new Date()) {
  const w = await lockWithdrawal(tx, tenantId, id);
  if (w.status === "paid") return;
  if (w.status === "paying") throw new AppError("CONFLICT", "withdrawal.payoutInFlight");
  if (w.status !== "approved") throw new AppError("CONFLICT", w.status === "reviewing" ? "withdrawal.notApproved" : "withdrawal.notOpen");
  const { taxFen, netFen } = await taxAtPayout(tx, tenantId, w.user_id, w.amount_fen, now);
  await tx
    .update(withdrawals)
    .set({ status: "paid", method: "manual", reference, taxFen, netFen, paidAt: now, sentAt: now, payoutState: null, payoutPackage: null, reviewedBy: sql`coalesce(${withdrawals.reviewedBy}, ${staffId}::uuid)`, updatedAt: sql`now()` })
    .where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id)));
  await postTransfer(tx, tenantId, `withdrawal:${id}:payout`, payoutMade(w.user_id, w.amount_fen, taxFen), { withdrawalId: id, createdBy: staffId, memo: { reference, taxFen } });
  return { taxFen, netFen };
}

/** The accounts a payout moves money between: withdrawing → paid out and tax withheld. */
const payoutAccounts = (userId: string) => [distributor("distributor_withdrawing", userId), distributor("distributor_paid_out", userId), distributor("distributor_tax_withheld", userId)];

/**
 * The tax a payout of `amountFen` made now withholds (§5.7): the month's so far less what its earlier payouts
 * withheld, computed under the lock of the distributor's payout accounts, so two payouts to one person are taxed in turn.
 */
async function taxAtPayout(tx: Tx, tenantId: string, userId: string, amountFen: number, now: Date) {
  await lockAccounts(tx, tenantId, payoutAccounts(userId));
  const month = await monthPaidSoFar(tx, tenantId, userId, now);
  return withholding({ payoutFen: amountFen, monthPaidBeforeFen: month.paidFen, monthWithheldBeforeFen: month.withheldFen });
}

/** A withdrawal, locked for the change the caller makes (null: not in this shop). */
const lockedWithdrawal = async (tx: Tx, tenantId: string, id: string) =>
  (await tx.select().from(withdrawals).where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id))).for("update"))[0] ?? null;

/** This calendar month's payouts to the distributor so far (the shop's time zone): gross and tax withheld. */
export async function monthPaidSoFar(tx: Tx, tenantId: string, userId: string, now = new Date()) {
  const tz = await shopTimeZone(tx, tenantId);
  const [month] = rowsOf<{ paid: number | string; withheld: number | string }>(
    await tx.execute(sql`
      select coalesce(sum(amount_fen), 0) as paid, coalesce(sum(tax_fen), 0) as withheld from withdrawals
       where tenant_id = ${tenantId} and user_id = ${userId} and status in ('paid', 'paying') and ${paidInMonth(tz, { at: now })}`),
  );
  return { paidFen: Number(month?.paid ?? 0), withheldFen: Number(month?.withheld ?? 0) };
}

/** What the shop owes its distributors (pending, available, withdrawing) and this month's payouts and tax. */
export async function financeOverview(tx: Tx, tenantId: string, now = new Date()) {
  const [b] = rowsOf<Record<string, number | string>>(
    await tx.execute(sql`
      select coalesce(sum(balance_fen) filter (where kind = 'distributor_pending'), 0) as pending,
             coalesce(sum(balance_fen) filter (where kind = 'distributor_available'), 0) as available,
             coalesce(sum(balance_fen) filter (where kind = 'distributor_withdrawing'), 0) as withdrawing
        from ledger_accounts where tenant_id = ${tenantId}`),
  );
  const tz = await shopTimeZone(tx, tenantId);
  const [m] = rowsOf<Record<string, number | string>>(
    await tx.execute(sql`
      select coalesce(sum(net_fen), 0) as paid, coalesce(sum(tax_fen), 0) as tax,
             (select count(*) from withdrawals q where q.tenant_id = ${tenantId} and q.status in ('reviewing', 'approved', 'paying')) as open
        from withdrawals where tenant_id = ${tenantId} and status = 'paid' and ${paidInMonth(tz, { at: new Date() })}`),
  );
  const bonus = await bonusRulesOf(tx, tenantId);
  const today = localDate(now, tz);
  const [lastSettlement] = await shopJobRuns(tx, "ledger.settlement", 1);
  return {
    /** Settlement runs every day (the shop's date): today's, or tomorrow's once today's is done; the next bonus day by the shop's rules. */
    nextSettlement: lastSettlement?.period === today && lastSettlement.status === "done" ? addDays(today, 1) : today,
    nextBonusDay: nextBonusDay(today, bonus),
    pendingFen: Number(b?.pending ?? 0),
    availableFen: Number(b?.available ?? 0),
    withdrawingFen: Number(b?.withdrawing ?? 0),
    paidThisMonthFen: Number(m?.paid ?? 0),
    taxThisMonthFen: Number(m?.tax ?? 0),
    openRequests: Number(m?.open ?? 0),
  };
}

/** The shop's settlement hold and withdrawal rules, as the settlement run and the withdraw form read them. */
export async function moneyRulesOf(tx: Tx, tenantId: string) {
  const [row] = await tx.select({ hold: distributionSettings.holdRules, keep: distributionSettings.keepOnReturn }).from(distributionSettings).where(eq(distributionSettings.tenantId, tenantId));
  const hold = holdRulesSchema.safeParse(row?.hold ?? DEFAULT_HOLD_RULES);
  if (!hold.success) throw new Error(`tenant ${tenantId}: hold rules do not parse`);
  const keep = keepOnReturnSchema.safeParse(row?.keep ?? { kind: "off" });
  if (!keep.success) throw new Error(`tenant ${tenantId}: keep-on-return rule does not parse`);
  return { hold: hold.data, withdrawal: await withdrawalSettingsOf(tx, tenantId), keepOnReturn: keep.data };
}

/**
 * Finance sets the default hold (days after the order completes), the longer hold above a price, the withdrawal
 * minimum and the automatic approval limit. Per-product and per-category holds are kept as they are. Checked by
 * the same schemas the settlement run and the withdrawals use; a shop without its distribution settings row has
 * no programme to settle.
 */
export async function saveMoneyRules(tx: Tx, tenantId: string, r: { defaultDays: number; highPrice: HoldRules["highPrice"]; withdrawal: WithdrawalSettings; keepOnReturn?: KeepOnReturn }) {
  const current = await moneyRulesOf(tx, tenantId);
  const hold = holdRulesSchema.parse({ ...current.hold, defaultDays: r.defaultDays, highPrice: r.highPrice });
  const withdrawal = withdrawalSettingsSchema.parse(r.withdrawal);
  const keepOnReturn = keepOnReturnSchema.parse(r.keepOnReturn ?? current.keepOnReturn);
  const done = await tx
    .update(distributionSettings)
    .set({ holdRules: hold, withdrawal, keepOnReturn, updatedAt: sql`now()` })
    .where(eq(distributionSettings.tenantId, tenantId))
    .returning({ t: distributionSettings.tenantId });
  if (!done.length) throw new AppError("NOT_FOUND", "notFound");
  return { hold, withdrawal, keepOnReturn };
}

export type WithholdingRow = { userId: string; code: string; realNameEnc: string | null; idMasked: string | null; payouts: number; incomeFen: number; taxFen: number; netFen: number };

/**
 * The month's withholding per distributor for filing (§5.7): every payout of the month (the shop's time zone,
 * `month` as YYYY-MM) to one person summed as one payment, with the tax withheld. Names come encrypted: the caller
 * decrypts them for finance and records the read.
 */
export async function withholdingReport(tx: Tx, tenantId: string, month: string): Promise<WithholdingRow[]> {
  const tz = await shopTimeZone(tx, tenantId);
  return rowsOf<WithholdingRow>(
    await tx.execute(sql`
      select w.user_id as "userId", d.code, p.real_name_enc as "realNameEnc", p.id_masked as "idMasked", count(*)::int as payouts,
             sum(w.amount_fen)::bigint::int as "incomeFen", sum(w.tax_fen)::bigint::int as "taxFen", sum(w.net_fen)::bigint::int as "netFen"
        from withdrawals w
        join distributors d on d.tenant_id = w.tenant_id and d.user_id = w.user_id
        left join tax_profiles p on p.tenant_id = w.tenant_id and p.user_id = w.user_id
       where w.tenant_id = ${tenantId} and w.status = 'paid' and ${paidInMonth(tz, { month })}
       group by w.user_id, d.code, p.real_name_enc, p.id_masked
       order by d.code`),
  );
}

/** Where a distributor can be paid by a provider: their mini-program openid (WeChat) and Stripe account, as the shop knows them. */
export async function payeesOf(tx: Tx, tenantId: string, userId: string) {
  const [wx] = rowsOf<{ app_id: string; openid: string }>(
    await tx.execute(sql`select i.app_id, i.openid from miniprogram_identities i
                           join wechatpay_merchants m on m.tenant_id = i.tenant_id
                          where i.tenant_id = ${tenantId} and i.user_id = ${userId} and i.app_id = m.appid
                          order by i.last_login_at desc limit 1`),
  );
  const [d] = await tx
    .select({ account: distributors.stripeAccountId, enabled: distributors.stripePayoutsEnabled })
    .from(distributors)
    .where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  return {
    wechat: wx ? { openid: wx.openid, appId: wx.app_id } : null,
    stripe: d?.account ? { accountId: d.account, payoutsEnabled: d.enabled } : null,
  };
}

/** Records the distributor's Stripe account (created by them from 我的收入) and its readiness as Stripe reported it. */
export async function setStripePayee(tx: Tx, tenantId: string, userId: string, accountId: string, payoutsEnabled: boolean) {
  await tx
    .update(distributors)
    .set({ stripeAccountId: accountId, stripePayoutsEnabled: payoutsEnabled })
    .where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
}

export type PayoutToSend = { id: string; userId: string; method: "wechat" | "stripe"; attempt: number; resent: boolean; amountFen: number; netFen: number; taxFen: number; payee: string; payeeAppId: string | null; realNameEnc: string | null };

/**
 * Takes an approved provider payout to 'paying': the month's tax is computed now (the payout's moment), the
 * attempt counted, and what the provider is to transfer (the net) recorded before it is asked, so that a crash
 * after this commit sends the same bill again. A payout already 'paying' is returned as it is (sent again under
 * the same bill number); anything else is null.
 */
export async function beginPayout(tx: Tx, tenantId: string, id: string, now = new Date()): Promise<PayoutToSend | null> {
  const w = await lockedWithdrawal(tx, tenantId, id);
  if (!w || w.method === "manual" || !w.payee) return null;
  const realName = async () =>
    (await tx.select({ enc: taxProfiles.realNameEnc }).from(taxProfiles).where(and(eq(taxProfiles.tenantId, tenantId), eq(taxProfiles.userId, w.userId))))[0]?.enc ?? null;
  const base = { id: w.id, userId: w.userId, method: w.method, amountFen: w.amountFen, payee: w.payee, payeeAppId: w.payeeAppId };
  if (w.status === "paying") return { ...base, attempt: w.payoutAttempt, resent: true, netFen: w.netFen!, taxFen: w.taxFen!, realNameEnc: await realName() };
  if (w.status !== "approved") return null;
  const { taxFen, netFen } = await taxAtPayout(tx, tenantId, w.userId, w.amountFen, now);
  const attempt = w.payoutAttempt + 1;
  await tx
    .update(withdrawals)
    .set({ status: "paying", payoutAttempt: attempt, taxFen, netFen, sentAt: now, payoutState: "SENDING", payoutRef: null, payoutPackage: null, payoutError: null, updatedAt: sql`now()` })
    .where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id)));
  return { ...base, attempt, resent: false, netFen, taxFen, realNameEnc: await realName() };
}

/**
 * The provider's answer about one attempt of a payout, applied once: succeeded pays it out (the tax computed
 * when it was sent is withheld), failed returns the amount to available, anything else records where it stands.
 * An answer about another attempt, or a payout no longer paying, changes nothing.
 */
export async function applyPayoutResult(
  tx: Tx,
  tenantId: string,
  id: string,
  attempt: number,
  r: { state: "sent" | "awaiting_confirmation" | "succeeded" | "failed"; providerRef: string | null; providerState: string; packageInfo?: string | null; failureReason?: string | null },
  now = new Date(),
): Promise<"paid" | "failed" | "paying" | "ignored"> {
  const w = await lockedWithdrawal(tx, tenantId, id);
  if (!w || w.status !== "paying" || w.payoutAttempt !== attempt) return "ignored";
  const where = and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id));
  const ref = (r.providerRef ?? w.payoutRef)?.slice(0, 128) ?? null;
  const state = r.providerState.slice(0, 40);
  if (r.state === "succeeded") {
    await lockAccounts(tx, tenantId, payoutAccounts(w.userId));
    await tx.update(withdrawals).set({ status: "paid", paidAt: now, payoutRef: ref, payoutState: state, payoutPackage: null, reference: ref, updatedAt: sql`now()` }).where(where);
    await postTransfer(tx, tenantId, `withdrawal:${id}:payout`, payoutMade(w.userId, w.amountFen, w.taxFen!), { withdrawalId: id, memo: { method: w.method, ref, attempt, taxFen: w.taxFen } });
    return "paid";
  }
  if (r.state === "failed") {
    const reason = (r.failureReason || state).slice(0, 500);
    await tx.update(withdrawals).set({ status: "failed", payoutRef: ref, payoutState: state, payoutPackage: null, payoutError: reason, reason, updatedAt: sql`now()` }).where(where);
    await postTransfer(tx, tenantId, `withdrawal:${id}:returned`, withdrawalReturned(w.userId, w.amountFen), { withdrawalId: id, memo: { method: w.method, ref, attempt, reason } });
    return "failed";
  }
  await tx
    .update(withdrawals)
    .set({ payoutRef: ref, payoutState: state, payoutPackage: r.state === "awaiting_confirmation" ? (r.packageInfo ?? w.payoutPackage) : null, updatedAt: sql`now()` })
    .where(where);
  return "paying";
}

/** A provider call that failed without an answer about the bill: noted for finance, the payout stays 'paying' (asked again by the job). */
export async function notePayoutError(tx: Tx, tenantId: string, id: string, attempt: number, error: string) {
  await tx
    .update(withdrawals)
    .set({ payoutError: error.slice(0, 500), updatedAt: sql`now()` })
    .where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, id), eq(withdrawals.status, "paying"), eq(withdrawals.payoutAttempt, attempt)));
}

/** The shop's recent scheduled runs of one job (settlement days, bonus days): what each did, or why it failed. */
export async function shopJobRuns(tx: Tx, job: "ledger.settlement" | "ledger.bonus-day", limit = 20) {
  return rowsOf<{ period: string; status: "running" | "done" | "failed"; attempts: number; startedAt: string; finishedAt: string | null; result: Record<string, unknown> | null; error: string | null }>(
    await tx.execute(sql`select period, status, attempts, started_at as "startedAt", finished_at as "finishedAt", result, error from app_private.shop_job_runs(${job}, ${limit})`),
  );
}

/** Saves the bonus day and top-team rewards (checked by the schema bonus day reads them with). */
export async function saveBonusRules(tx: Tx, tenantId: string, rules: BonusRules) {
  const parsed = bonusRulesSchema.parse(rules);
  const done = await tx.update(distributionSettings).set({ bonusRules: parsed, updatedAt: sql`now()` }).where(eq(distributionSettings.tenantId, tenantId)).returning({ t: distributionSettings.tenantId });
  if (!done.length) throw new AppError("NOT_FOUND", "notFound");
  return parsed;
}

export type StatementLine = { transfer: string; account: string; count: number; fen: number };

/**
 * A distributor's income statement of a month (YYYY-MM, the shop's calendar): every movement on their accounts
 * summed by transfer kind and account, and each account's balance when the month opened and when it closed,
 * all from the ledger's entries.
 */
export async function incomeStatement(tx: Tx, tenantId: string, userId: string, month: string) {
  const tz = await shopTimeZone(tx, tenantId);
  const start = sql`(${`${month}-01`}::timestamp at time zone ${tz})`;
  const end = sql`((${`${month}-01`}::timestamp + interval '1 month') at time zone ${tz})`;
  const lines = rowsOf<{ transfer: string; account: string; count: number; fen: number | string }>(
    await tx.execute(sql`
      select t.kind as transfer, a.kind as account, count(*)::int as count, sum(e.amount_fen) as fen
        from ledger_entries e
        join ledger_accounts a on a.tenant_id = e.tenant_id and a.id = e.account_id and a.owner_id = ${userId}
        join ledger_transfers t on t.tenant_id = e.tenant_id and t.id = e.transfer_id
       where e.tenant_id = ${tenantId} and e.created_at >= ${start} and e.created_at < ${end}
       group by t.kind, a.kind
       order by t.kind, a.kind`),
  ).map((r) => ({ ...r, fen: Number(r.fen) }));
  const balances = rowsOf<{ account: string; opening: number | string; closing: number | string }>(
    await tx.execute(sql`
      select a.kind as account, coalesce(sum(e.amount_fen) filter (where e.created_at < ${start}), 0) as opening, coalesce(sum(e.amount_fen) filter (where e.created_at < ${end}), 0) as closing
        from ledger_accounts a
        left join ledger_entries e on e.tenant_id = a.tenant_id and e.account_id = a.id
       where a.tenant_id = ${tenantId} and a.owner_id = ${userId}
       group by a.kind
       order by a.kind`),
  ).map((r) => ({ account: r.account, openingFen: Number(r.opening), closingFen: Number(r.closing) }));
  return { month, timeZone: tz, lines: lines as StatementLine[], balances };
}

/**
 * What the shop withheld from one distributor in a month (§5.7): each payout made that month (gross, tax, net)
 * and the month as one payment of labour remuneration: income, the deduction, the taxable amount and the tax.
 */
export async function withholdingOfMonth(tx: Tx, tenantId: string, userId: string, month: string) {
  const tz = await shopTimeZone(tx, tenantId);
  const payouts = rowsOf<{ id: string; paidAt: string; grossFen: number; taxFen: number; netFen: number; method: string }>(
    await tx.execute(sql`
      select id, coalesce(sent_at, paid_at) as "paidAt", amount_fen::int as "grossFen", tax_fen::int as "taxFen", net_fen::int as "netFen", method
        from withdrawals
       where tenant_id = ${tenantId} and user_id = ${userId} and status = 'paid' and ${paidInMonth(tz, { month })}
       order by coalesce(sent_at, paid_at)`),
  );
  const incomeFen = payouts.reduce((s, p) => s + p.grossFen, 0);
  const deductionFen = labourDeductionFen(incomeFen);
  return {
    month,
    timeZone: tz,
    payouts,
    incomeFen,
    deductionFen,
    taxableFen: Math.max(0, incomeFen - deductionFen),
    taxFen: payouts.reduce((s, p) => s + p.taxFen, 0),
    netFen: payouts.reduce((s, p) => s + p.netFen, 0),
  };
}

export type HoldOverride = { scope: "product" | "category"; id: string; name: string; days: number };

/** The shop's per-product and per-category settlement holds, with the names finance knows them by. */
export async function holdOverridesOf(tx: Tx, tenantId: string): Promise<HoldOverride[]> {
  const { hold } = await moneyRulesOf(tx, tenantId);
  const productIds = Object.keys(hold.byProduct);
  const categoryIds = Object.keys(hold.byCategory);
  const names = new Map(
    rowsOf<{ id: string; name: string }>(
      await tx.execute(sql`
        select id::text, name from products where tenant_id = ${tenantId} and id = any(${`{${productIds.join(",")}}`}::uuid[])
        union all
        select id::text, name from categories where tenant_id = ${tenantId} and id = any(${`{${categoryIds.join(",")}}`}::uuid[])`),
    ).map((r) => [r.id, r.name]),
  );
  return [
    ...categoryIds.map((id) => ({ scope: "category" as const, id, name: names.get(id) ?? "—", days: hold.byCategory[id]! })),
    ...productIds.map((id) => ({ scope: "product" as const, id, name: names.get(id) ?? "—", days: hold.byProduct[id]! })),
  ].sort((a, b) => (a.scope === b.scope ? a.name.localeCompare(b.name, "zh-CN") : a.scope === "category" ? -1 : 1));
}

/**
 * Sets (days) or removes (null) the settlement hold of one product or category of the shop: checked by the
 * schema the settlement run reads the rules with; a product or category not in this shop is refused.
 */
export async function saveHoldOverride(tx: Tx, tenantId: string, o: { scope: "product" | "category"; targetId: string; days: number | null }) {
  const [row] = await tx.select({ hold: distributionSettings.holdRules }).from(distributionSettings).where(eq(distributionSettings.tenantId, tenantId)).for("update");
  if (!row) throw new AppError("NOT_FOUND", "notFound");
  const current = holdRulesSchema.parse(row.hold ?? DEFAULT_HOLD_RULES);
  if (o.days !== null) {
    const [found] = rowsOf<{ n: number }>(
      await tx.execute(
        o.scope === "product"
          ? sql`select count(*)::int as n from products where tenant_id = ${tenantId} and id = ${o.targetId}`
          : sql`select count(*)::int as n from categories where tenant_id = ${tenantId} and id = ${o.targetId}`,
      ),
    );
    if (!found?.n) throw new AppError("BAD_REQUEST", "ledger.holdTarget", {}, "targetId");
  }
  const key = o.scope === "product" ? "byProduct" : "byCategory";
  const map = { ...current[key] };
  if (o.days === null) delete map[o.targetId];
  else map[o.targetId] = o.days;
  const hold = holdRulesSchema.parse({ ...current, [key]: map });
  await tx.update(distributionSettings).set({ holdRules: hold, updatedAt: sql`now()` }).where(eq(distributionSettings.tenantId, tenantId));
  return hold;
}

export type TraceSource = {
  transferId: string;
  kind: TransferKind;
  at: string;
  memo: Record<string, unknown>;
  /** The part of this credit the withdrawal used, and the credit's whole amount. */
  usedFen: number;
  creditFen: number;
  commissions: { id: string; orderNo: string; productName: string; kind: "level1" | "level2" | "level3"; amountFen: number; reversedFen: number }[];
};

/**
 * The ledger browser (PRODUCT.md §5): a withdrawal and where its money came from. The distributor's available
 * balance is taken first in, first out (packages/ledger sourcesOf): the credits its reservation used, each with
 * the commissions (order, product, level, amount) a settlement made available, a bonus's month, or the
 * withdrawal a return gave back.
 */
export async function traceWithdrawal(tx: Tx, tenantId: string, withdrawalId: string) {
  const [w] = rowsOf<WithdrawalRow & { name: string; code: string }>(
    await tx.execute(sql`
      select w.id, w.user_id as "userId", w.amount_fen::int as "amountFen", w.status, w.method, w.tax_fen::int as "taxFen", w.net_fen::int as "netFen",
             w.reference, w.payout_ref as "payoutRef", w.created_at as "createdAt", w.paid_at as "paidAt", u.name, d.code
        from withdrawals w join distributors d on d.tenant_id = w.tenant_id and d.user_id = w.user_id join users u on u.id = w.user_id
       where w.tenant_id = ${tenantId} and w.id = ${withdrawalId}`),
  );
  if (!w) throw new AppError("NOT_FOUND", "withdrawal.notFound");
  const movements = rowsOf<{ transfer_id: string; fen: number | string; key: string }>(
    await tx.execute(sql`
      select e.transfer_id::text, e.amount_fen as fen, t.idempotency_key as key
        from ledger_accounts a
        join ledger_entries e on e.tenant_id = a.tenant_id and e.account_id = a.id
        join ledger_transfers t on t.tenant_id = e.tenant_id and t.id = e.transfer_id
       where a.tenant_id = ${tenantId} and a.owner_id = ${w.userId} and a.kind = 'distributor_available'
       order by e.created_at, e.id`),
  );
  const reservation = movements.find((m) => m.key === `withdrawal:${withdrawalId}:reserved`);
  const { sources, unfundedFen } = reservation ? sourcesOf(movements.map((m) => ({ id: m.transfer_id, fen: Number(m.fen) })), reservation.transfer_id) : { sources: [], unfundedFen: 0 };
  const credit = new Map(movements.map((m) => [m.transfer_id, Number(m.fen)]));
  const ids = sources.map((s) => s.creditId);
  const transfers = new Map(
    rowsOf<{ id: string; kind: TransferKind; at: string; memo: Record<string, unknown> }>(
      await tx.execute(sql`select id::text, kind, created_at::text as at, memo from ledger_transfers where tenant_id = ${tenantId} and id = any(${`{${ids.join(",")}}`}::uuid[])`),
    ).map((t) => [t.id, t]),
  );
  const commissionRows = rowsOf<{ transfer_id: string; id: string; order_no: string; product_name: string; kind: "level1" | "level2" | "level3"; amount_fen: number; reversed: number | string }>(
    await tx.execute(sql`
      select coalesce(c.settle_transfer_id, t.id)::text as transfer_id, c.id::text, o.no as order_no, l.product_name, c.kind, c.amount_fen,
             coalesce((select sum(r.amount_fen) from commission_reversals r where r.tenant_id = c.tenant_id and r.commission_id = c.id), 0) as reversed
        from ledger_transfers t
        join commissions c on c.tenant_id = t.tenant_id and (c.settle_transfer_id = t.id or c.id = t.commission_id)
        join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
        join order_lines l on l.tenant_id = c.tenant_id and l.id = c.line_id
       where t.tenant_id = ${tenantId} and t.id = any(${`{${ids.join(",")}}`}::uuid[]) and t.kind = 'commission_settled'
       order by o.no, c.kind
       limit 500`),
  );
  return {
    withdrawal: w,
    unfundedFen,
    sources: sources.map((s): TraceSource => {
      const t = transfers.get(s.creditId);
      return {
        transferId: s.creditId,
        kind: t?.kind ?? "correction",
        at: t?.at ?? "",
        memo: t?.memo ?? {},
        usedFen: s.fen,
        creditFen: credit.get(s.creditId) ?? s.fen,
        commissions: commissionRows
          .filter((c) => c.transfer_id === s.creditId)
          .map((c) => ({ id: c.id, orderNo: c.order_no, productName: c.product_name, kind: c.kind, amountFen: c.amount_fen, reversedFen: Number(c.reversed) })),
      };
    }),
  };
}

/**
 * A provider payout that came back after it was paid (a Stripe transfer reversed in full): the withdrawal
 * becomes failed and a correction of its payout puts the gross back in available (the net leaves paid out, the
 * tax withheld is undone: that month's tax is recomputed from the payouts that stand). Once: a second report of
 * the same reversal, or of another transfer, changes nothing.
 */
export async function payoutCameBack(tx: Tx, tenantId: string, withdrawalId: string, providerRef: string, reason: string) {
  const w = await lockedWithdrawal(tx, tenantId, withdrawalId);
  if (!w || w.status !== "paid" || w.method === "manual" || w.payoutRef !== providerRef) return false;
  const [payout] = rowsOf<{ id: string }>(await tx.execute(sql`select id::text from ledger_transfers where tenant_id = ${tenantId} and idempotency_key = ${`withdrawal:${withdrawalId}:payout`}`));
  if (!payout) return false;
  await lockAccounts(tx, tenantId, [distributor("distributor_available", w.userId), distributor("distributor_paid_out", w.userId), distributor("distributor_tax_withheld", w.userId)]);
  await tx
    .update(withdrawals)
    .set({ status: "failed", payoutState: "reversed", payoutError: reason.slice(0, 500), reason: reason.slice(0, 500), updatedAt: sql`now()` })
    .where(and(eq(withdrawals.tenantId, tenantId), eq(withdrawals.id, withdrawalId)));
  await postTransfer(tx, tenantId, `withdrawal:${withdrawalId}:payout-returned`, payoutReturned(w.userId, w.amountFen, w.taxFen ?? 0), {
    withdrawalId,
    correctsId: payout.id,
    memo: { providerRef, reason },
  });
  return true;
}
